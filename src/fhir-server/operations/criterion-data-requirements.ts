// What a criterion's define reads from FHIR: the retrieves reachable from the define through
// expression and function references (into included libraries too), as FHIR DataRequirements.
// GuidanceResponse.dataRequirement lists them for the criteria whose data were missing.
import type { DataRequirement } from 'fhir/r4';
import { includedLibraries, libraryName, valueSetUrls, walk, type ElmLibraryJson, type ElmNode } from '../../artifacts/elm.js';

interface Found {
  type: string;
  path?: string;
  valueSet?: string;
}

/** Walks from `defineName` of `root`; each (library, statement) is visited once. */
export function retrievesOfDefine(
  libraries: readonly ElmLibraryJson[],
  root: string,
  defineName: string,
): Found[] {
  const byName = new Map(libraries.map((elm) => [libraryName(elm), elm]));
  const visited = new Set<string>();
  const found: Found[] = [];
  const visit = (elm: ElmLibraryJson, statement: string): void => {
    const key = `${libraryName(elm)}.${statement}`;
    if (visited.has(key)) return;
    visited.add(key);
    const aliases = new Map(includedLibraries(elm).map((inc) => [inc.alias, inc.name]));
    const valueSets = valueSetUrls(elm);
    const defs = ((elm.library.statements?.def ?? []) as ElmNode[]).filter((d) => d.name === statement);
    for (const node of walk(defs)) {
      if (node.type === 'Retrieve' && typeof node.dataType === 'string') {
        found.push(retrieveOf(node, valueSets));
      } else if (
        (node.type === 'ExpressionRef' || node.type === 'FunctionRef') &&
        typeof node.name === 'string'
      ) {
        const target =
          typeof node.libraryName === 'string' ? byName.get(aliases.get(node.libraryName) ?? '') : elm;
        if (target) visit(target, node.name);
      }
    }
  };
  const start = byName.get(root);
  if (start) visit(start, defineName);
  return found;
}

function retrieveOf(node: ElmNode, valueSets: Map<string, string>): Found {
  const type = String(node.dataType).replace(/^\{http:\/\/hl7\.org\/fhir\}/, '');
  const codes = node.codes as ElmNode | undefined;
  const valueSet =
    codes?.type === 'ValueSetRef' && !codes.libraryName ? valueSets.get(String(codes.name)) : undefined;
  return valueSet ? { type, path: String(node.codeProperty ?? 'code'), valueSet } : { type };
}

/** Found retrieves as DataRequirements, one per type and value set, sorted for a stable output. */
export function toDataRequirements(found: Found[]): DataRequirement[] {
  const unique = new Map(found.map((f) => [`${f.type} ${f.path ?? ''} ${f.valueSet ?? ''}`, f]));
  return [...unique.entries()]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([, f]) =>
      f.valueSet ? { type: f.type, codeFilter: [{ path: f.path, valueSet: f.valueSet }] } : { type: f.type },
    );
}
