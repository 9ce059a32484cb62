import type { ElmLibraryJson } from '../artifacts/elm.js';
import type { CriterionDefinition } from '../domain/trial.js';

/** define name → the names of the same library's defines and functions it refers to directly. */
export type ReferenceGraph = Map<string, Set<string>>;

/** References to the same library: ExpressionRef/FunctionRef without a libraryName (ELM's rule). */
function collectLocalRefs(node: unknown, into: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => collectLocalRefs(n, into));
    return;
  }
  if (typeof node !== 'object' || node === null) return;
  const record = node as Record<string, unknown>;
  const isRef = record.type === 'ExpressionRef' || record.type === 'FunctionRef';
  if (isRef && record.libraryName === undefined && typeof record.name === 'string') into.add(record.name);
  // Annotations hold the CQL source, not expressions.
  for (const [key, child] of Object.entries(record)) if (key !== 'annotation') collectLocalRefs(child, into);
}

/**
 * Every statement of the library (defines and functions, since a define may reach another
 * through a local function) with what it references.
 */
export function referenceGraph(elm: ElmLibraryJson): ReferenceGraph {
  const graph: ReferenceGraph = new Map();
  for (const def of elm.library.statements?.def ?? []) {
    const refs = graph.get(def.name) ?? new Set<string>();
    collectLocalRefs((def as Record<string, unknown>).expression, refs);
    graph.set(def.name, refs);
  }
  return graph;
}

/** Everything that depends on `name`, directly or through other statements (never `name` itself). */
export function dependentsOf(graph: ReferenceGraph, name: string): Set<string> {
  const reverse = new Map<string, string[]>();
  for (const [from, refs] of graph) for (const to of refs) reverse.set(to, [...(reverse.get(to) ?? []), from]);
  const found = new Set<string>();
  const pending = [name];
  while (pending.length) {
    for (const user of reverse.get(pending.pop()!) ?? []) {
      if (user === name || found.has(user)) continue;
      found.add(user);
      pending.push(user);
    }
  }
  return found;
}

export interface FedCriterion {
  criterion: string;
  /** The define the criterion names in the manifest; the define itself when it feeds it directly. */
  via: string;
}

export interface CriteriaFed {
  direct: string[];
  indirect: FedCriterion[];
}

function* allCriteria(criteria: CriterionDefinition[]): Generator<CriterionDefinition> {
  for (const c of criteria) {
    yield c;
    if (c.criteria) yield* allCriteria(c.criteria);
  }
}

/** Which manifest criteria a define feeds: those naming it, and those naming a define that uses it. */
export function criteriaFedBy(name: string, criteria: CriterionDefinition[], graph: ReferenceGraph): CriteriaFed {
  const all = [...allCriteria(criteria)].filter((c) => c.define !== undefined);
  const direct = all.filter((c) => c.define === name).map((c) => c.id);
  const users = dependentsOf(graph, name);
  const indirect = all
    .filter((c) => users.has(c.define!) && !direct.includes(c.id))
    .map((c) => ({ criterion: c.id, via: c.define! }));
  return { direct, indirect };
}
