import './node-require-shim.js';
import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { SystemModelInfoProvider } from '@cqframework/cql/cql';
import {
  CqlCompilerOptions,
  CqlTranslator,
  LibraryManager,
  ModelManager,
  createLibrarySourceProvider,
  createModelInfoProvider,
  createUcumService,
  stringAsSource,
} from '@cqframework/cql/cql-to-elm';
import { convertUcum, ucumProblem } from './ucum-service.js';

const require = createRequire(import.meta.url);

export interface Diagnostic {
  severity: 'error' | 'warning' | 'info';
  message: string;
  line?: number;
  column?: number;
  libraryId?: string;
}

export interface TranslationResult {
  elm: ElmLibraryJson;
  diagnostics: Diagnostic[];
}

/** The ELM JSON document as the translator writes it (only the parts we read are typed). */
export interface ElmLibraryJson {
  /** sha256 of the CQL text it was compiled from (added by trialcds; absent in foreign ELM). */
  sourceSha256?: string;
  library: {
    identifier: { id: string; version?: string };
    annotation?: Array<Record<string, unknown>>;
    includes?: { def: Array<{ localIdentifier: string; path: string; version?: string }> };
    valueSets?: { def: Array<{ name: string; id: string }> };
    statements?: { def: Array<{ name: string; type?: string; context?: string }> };
    [key: string]: unknown;
  };
}

/** Finds the CQL source of an included library by name (and version). */
export type LibrarySourceLookup = (name: string, version?: string) => string | undefined;

const FHIR_MODEL_INFO = require.resolve('cql-exec-fhir/lib/modelInfos/fhir-modelinfo-4.0.1.xml');

function compilerOptions(): CqlCompilerOptions {
  const options = CqlCompilerOptions.defaultOptions();
  // Annotations carry the CQL source per define (shown by `explain` and the /fhir Library),
  // locators let diagnostics and runtime errors point at file:line:col, result types help debugging.
  const set = options.options.asJsSetView() as Set<unknown>;
  set.add(CqlCompilerOptions.Options.valueOf('EnableResultTypes'));
  set.add(CqlCompilerOptions.Options.valueOf('EnableDetailedErrors'));
  options.validateUnits = true;
  return options;
}

function ucumService(): unknown {
  return createUcumService(
    (value: string, from: string, to: string) => String(convertUcum(Number(value), from, to) ?? ''),
    (unit: string) => ucumProblem(unit),
    // The translator only asks these to fold unit arithmetic between literals, which our libraries
    // never do (the runtime multiplies quantities); hand back the left operand unchanged.
    ((a: unknown) => a) as any,
    ((a: unknown) => a) as any,
  );
}

/**
 * The in-process CQL→ELM translator (@cqframework/cql, no Java). Model infos and the library
 * manager are built once per translator; each translate() resolves includes through `lookup`.
 */
export class CqlTranslatorService {
  private readonly libraryManager: LibraryManager;

  constructor(lookup: LibrarySourceLookup) {
    const modelManager = new ModelManager();
    const loader = modelManager.modelInfoLoader;
    loader.registerModelInfoProvider(new SystemModelInfoProvider(), true);
    const fhirXml = readFileSync(FHIR_MODEL_INFO, 'utf8');
    loader.registerModelInfoProvider(
      createModelInfoProvider((id: string, _system: unknown, version: unknown) =>
        id === 'FHIR' && (version == null || version === '4.0.1') ? stringAsSource(fhirXml) : null,
      ),
    );
    this.libraryManager = new LibraryManager(modelManager, compilerOptions(), null, ucumService());
    this.libraryManager.librarySourceLoader.registerProvider(
      createLibrarySourceProvider((name: string, _system: unknown, version: unknown) => {
        const source = lookup(name, typeof version === 'string' ? version : undefined);
        return source === undefined ? null : stringAsSource(source);
      }),
    );
  }

  translate(cql: string): TranslationResult {
    const json = withoutKotlinBanner(() => CqlTranslator.fromText(cql, this.libraryManager).toJson());
    const elm = JSON.parse(json) as ElmLibraryJson;
    return { elm, diagnostics: diagnosticsOf(elm) };
  }
}

/**
 * The Kotlin/JS runtime prints "kotlin-logging: initializing…" on process.stdout the first time it
 * logs. In the service that line would land among the JSON log lines, on the CLI in `--json`
 * output; drop only that line.
 */
function withoutKotlinBanner<T>(work: () => T): T {
  const write = process.stdout.write;
  let afterBanner = false;
  process.stdout.write = ((chunk: unknown, ...rest: unknown[]) => {
    const banner = typeof chunk === 'string' && (chunk.startsWith('kotlin-logging:') || (afterBanner && chunk === '\n'));
    afterBanner = typeof chunk === 'string' && chunk.startsWith('kotlin-logging:');
    return banner || (write as (...a: unknown[]) => boolean).call(process.stdout, chunk, ...rest);
  }) as typeof process.stdout.write;
  try {
    return work();
  } finally {
    process.stdout.write = write;
  }
}

function diagnosticsOf(elm: ElmLibraryJson): Diagnostic[] {
  const annotations = elm.library.annotation ?? [];
  return annotations
    .filter((a) => a.type === 'CqlToElmError')
    .map((a) => ({
      severity: severityOf(a.errorSeverity),
      message: String(a.message ?? 'unknown translator error'),
      line: typeof a.startLine === 'number' ? a.startLine : undefined,
      column: typeof a.startChar === 'number' ? a.startChar : undefined,
      libraryId: typeof a.libraryId === 'string' ? a.libraryId : undefined,
    }));
}

function severityOf(value: unknown): Diagnostic['severity'] {
  return value === 'warning' ? 'warning' : value === 'info' ? 'info' : 'error';
}
