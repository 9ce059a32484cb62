import type { ElmLibraryJson } from '../cql-toolchain/translator.js';
import type { DataRequirement } from '../domain/trial.js';

export type { ElmLibraryJson };

export function libraryName(elm: ElmLibraryJson): string {
  return elm.library.identifier.id;
}

export function includedLibraries(elm: ElmLibraryJson): { name: string; version?: string; alias: string }[] {
  return (elm.library.includes?.def ?? []).map((d) => ({ name: d.path, version: d.version, alias: d.localIdentifier }));
}

export function statementNames(elm: ElmLibraryJson): Set<string> {
  return new Set((elm.library.statements?.def ?? []).map((d) => d.name));
}

/** Named expressions (not functions), in library order: what a debugger's watch list shows. */
export function expressionDefineNames(elm: ElmLibraryJson): string[] {
  return (elm.library.statements?.def ?? []).filter((d) => d.type !== 'FunctionDef').map((d) => d.name);
}

export function valueSetUrls(elm: ElmLibraryJson): Map<string, string> {
  return new Map((elm.library.valueSets?.def ?? []).map((d) => [d.name, d.id]));
}

export function translatorErrors(elm: ElmLibraryJson): string[] {
  return (elm.library.annotation ?? [])
    .filter((a) => a.type === 'CqlToElmError' && a.errorSeverity === 'error')
    .map((a) => `${String(a.startLine ?? '?')}:${String(a.startChar ?? '?')} ${String(a.message)}`);
}

export type ElmNode = Record<string, unknown>;

/** Every node of an ELM tree, depth first, skipping annotations (source narrative, no logic). */
export function* walk(node: unknown): Generator<ElmNode> {
  if (Array.isArray(node)) {
    for (const item of node) yield* walk(item);
  } else if (node && typeof node === 'object') {
    yield node as ElmNode;
    // Annotations (the CQL source narrative) are large and hold no retrieves.
    for (const [key, value] of Object.entries(node)) if (key !== 'annotation') yield* walk(value);
  }
}

/**
 * What a library reads from FHIR: one requirement per resource type, with the value sets its
 * retrieves filter on. A type retrieved anywhere without a code filter needs all of that type,
 * so its filters are dropped (the broader query subsumes them).
 */
export function dataRequirementsOf(libraries: ElmLibraryJson[]): DataRequirement[] {
  const byType = new Map<string, { unfiltered: boolean; valueSets: Set<string> }>();
  for (const elm of libraries) {
    const urls = valueSetUrls(elm);
    for (const node of walk(elm.library.statements)) {
      if (node.type !== 'Retrieve' || typeof node.dataType !== 'string') continue;
      const type = node.dataType.replace(/^\{http:\/\/hl7\.org\/fhir\}/, '');
      const entry = byType.get(type) ?? { unfiltered: false, valueSets: new Set<string>() };
      byType.set(type, entry);
      const codes = node.codes as ElmNode | undefined;
      const url = codes?.type === 'ValueSetRef' && !codes.libraryName ? urls.get(String(codes.name)) : undefined;
      // Stored as "path url" so that each filter keeps the element it applies to.
      if (url) entry.valueSets.add(`${String(node.codeProperty ?? 'code')} ${url}`);
      else entry.unfiltered = true;
    }
  }
  return [...byType.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([type, { unfiltered, valueSets }]) => ({
      type,
      codeFilters: unfiltered
        ? []
        : [...valueSets].sort().map((pathAndUrl) => {
            const [path, valueSet] = pathAndUrl.split(' ') as [string, string];
            return { path, valueSet };
          }),
    }));
}
