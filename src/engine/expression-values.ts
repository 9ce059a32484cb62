// The values of the sub-expressions a criterion's define rests on (the defines it refers to), for
// people reading a checklist: like fqm-execution's clause results, at the granularity of defines.
// Values are short texts, so a results line stays small and can cross a worker thread.
import type { ExpressionValue, ExpressionTruth } from '../domain/criterion.js';
import type { ElmLibraryJson } from '../artifacts/elm.js';
import { referenceGraph } from '../authoring/define-graph.js';
import { formatCqlValue } from '../authoring/format-cql-value.js';
import type { DefineResult } from './cql-runtime/cql-runner.js';

/** Longest value text kept per sub-expression (a checklist shows the gist, `explain` the rest). */
export const VALUE_TEXT_MAX = 160;

/** The defines (not functions) that the criteria's defines refer to directly, in library order. */
export function tracedDefines(library: ElmLibraryJson, criterionDefines: readonly string[]): string[] {
  const graph = referenceGraph(library);
  const defines = new Set(
    (library.library.statements?.def ?? [])
      .filter((d) => (d as { type?: string }).type !== 'FunctionDef')
      .map((d) => d.name),
  );
  const wanted = new Set(
    criterionDefines.flatMap((name) => [...(graph.get(name) ?? [])]).filter((name) => defines.has(name)),
  );
  return [...defines].filter((name) => wanted.has(name));
}

function truthOf(value: unknown): ExpressionTruth {
  if (value === null || value === undefined) return 'null';
  if (value === true) return 'true';
  if (value === false) return 'false';
  if (Array.isArray(value)) return value.length > 0 ? 'true' : 'false';
  const status = (value as { status?: unknown }).status;
  if (status === 'pass') return 'true';
  if (status === 'fail') return 'false';
  if (status === 'unknown' || status === 'review') return 'null';
  return 'value';
}

function clip(text: string): string {
  return text.length > VALUE_TEXT_MAX ? `${text.slice(0, VALUE_TEXT_MAX - 1)}…` : text;
}

/** name → [truth, text]; a define that failed is `null` with the error's first line. */
export function expressionValuesOf(results: Map<string, DefineResult>): Record<string, ExpressionValue> {
  const out: Record<string, ExpressionValue> = {};
  for (const [name, result] of results) {
    out[name] = result.ok
      ? [truthOf(result.value), clip(formatCqlValue(result.value))]
      : ['null', clip(`error: ${result.error}`)];
  }
  return out;
}
