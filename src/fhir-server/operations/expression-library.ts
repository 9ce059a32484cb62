// The CQL library `$cql` wraps an expression in (the clinical-reasoning servers do the same):
//   library Expression version '1.0.0'
//   using FHIR version '4.0.1'
//   include FHIRHelpers version '4.0.1' called FHIRHelpers
//   include <each requested library> …
//   parameter "<name>" <type> …
//   context Patient | Unfiltered
//   define "return":
//   <expression>
import type { Parameters } from 'fhir/r4';
import { BadInputError } from '../../domain/errors.js';
import { CANONICAL_BASE } from '../../knowledge/contracts.js';
import type { ElmLibraryJson } from '../../artifacts/elm.js';
import { parametersNamed, textOf } from './operation-input.js';

export const RETURN_DEFINE = 'return';

export interface IncludedLibrary {
  name: string;
  version?: string;
  alias: string;
}

export interface ExpressionLibrary {
  text: string;
  /** 1-based line of the CQL text on which the expression starts (to report errors against it). */
  expressionLine: number;
}

const IDENTIFIER = /^[A-Za-z_][A-Za-z0-9_]*$/;

function quoted(name: string): string {
  return IDENTIFIER.test(name) ? name : `"${name.replace(/["\\]/g, '\\$&')}"`;
}

export function expressionLibrary(options: {
  expression: string;
  includes: IncludedLibrary[];
  parameters: { name: string; type: string }[];
  context: 'Patient' | 'Unfiltered';
}): ExpressionLibrary {
  const header = [
    "library Expression version '1.0.0'",
    "using FHIR version '4.0.1'",
    "include FHIRHelpers version '4.0.1' called FHIRHelpers",
    ...options.includes
      .filter((inc) => inc.name !== 'FHIRHelpers')
      .map(
        (inc) =>
          `include ${quoted(inc.name)}${inc.version ? ` version '${inc.version}'` : ''} called ${quoted(inc.alias)}`,
      ),
    ...options.parameters.map((p) => `parameter "${p.name.replace(/["\\]/g, '\\$&')}" ${p.type}`),
    `context ${options.context}`,
    `define "${RETURN_DEFINE}":`,
  ];
  return { text: [...header, options.expression, ''].join('\n'), expressionLine: header.length + 1 };
}

/** `https://…/Library/Eligibility|1.0.0`, `Library/Eligibility` or `Eligibility` → name and version. */
export function libraryReference(url: string): { name: string; version?: string } {
  const [path = '', version] = url.split('|');
  const name = path.replace(/\/$/, '').split('/').pop() ?? '';
  if (!IDENTIFIER.test(name))
    throw new BadInputError(
      `library "${url}" is not a library canonical such as ${CANONICAL_BASE}/Library/Eligibility`,
    );
  return version ? { name, version } : { name };
}

/**
 * The `library` parameters (repeating; parts `url` and `name`, as in CPG $cql) resolved against
 * the loaded libraries. `name` is the alias the expression uses; it defaults to the library name.
 */
export function requestedIncludes(
  input: Parameters,
  loaded: ReadonlyMap<string, ElmLibraryJson>,
): IncludedLibrary[] {
  return parametersNamed(input, 'library').map((p) => {
    const url = p.part?.find((part) => part.name === 'url');
    const alias = p.part?.find((part) => part.name === 'name');
    const urlText = url ? textOf(url) : textOf(p);
    if (!urlText)
      throw new BadInputError('parameter "library" needs a part "url" (the library canonical)', 'required');
    const { name, version } = libraryReference(urlText);
    const elm = loaded.get(name);
    if (!elm)
      throw new BadInputError(
        `library ${name} is not loaded; loaded libraries: ${[...loaded.keys()].sort().join(', ')}`,
        'not-found',
      );
    const loadedVersion = elm.library.identifier.version;
    if (version && loadedVersion && version !== loadedVersion) {
      throw new BadInputError(
        `library ${name} version ${version} is not loaded (loaded: ${loadedVersion})`,
        'not-found',
      );
    }
    const aliasText = alias ? textOf(alias) : undefined;
    if (aliasText !== undefined && !IDENTIFIER.test(aliasText))
      throw new BadInputError(`library alias "${aliasText}" is not a CQL identifier`);
    return { name, version: loadedVersion, alias: aliasText ?? name };
  });
}
