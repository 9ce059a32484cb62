import type { DefineResult } from '../engine/cql-runtime/cql-runner.js';
import type { ElmLibraryJson } from '../artifacts/elm.js';
import type { TrialManifest } from '../domain/trial.js';
import { criteriaFedBy, referenceGraph, type CriteriaFed } from './define-graph.js';
import { cqlValueToJson, formatCqlValue, type JsonValue } from './format-cql-value.js';

/** One entry of the watch list: a define's value for this patient and the criteria it feeds. */
export interface ExplainedDefine {
  define: string;
  criteria: CriteriaFed;
  /** JSON-safe value; absent when the define failed. */
  value?: JsonValue;
  /** The value as a person reads it, or `error: …`. */
  text: string;
  error?: string;
}

export interface Explanation {
  trial: string;
  patient: string;
  asOf: string;
  defines: ExplainedDefine[];
}

/** Pairs each define's result (in library order, as runTrialDefines returns them) with the criteria it feeds. */
export function explainDefines(manifest: TrialManifest, library: ElmLibraryJson, results: Map<string, DefineResult>): ExplainedDefine[] {
  const graph = referenceGraph(library);
  return [...results].map(([define, result]) => {
    const criteria = criteriaFedBy(define, manifest.criteria, graph);
    if (!result.ok) return { define, criteria, text: `error: ${result.error}`, error: result.error };
    return { define, criteria, value: cqlValueToJson(result.value), text: formatCqlValue(result.value) };
  });
}

function criteriaText({ direct, indirect }: CriteriaFed): string {
  // "via" only when it adds something: most criteria are computed by a define of the same name.
  const through = indirect.map((c) => (c.via === c.criterion ? c.criterion : `${c.criterion} (via "${c.via}")`));
  const parts = [...(direct.length ? [direct.join(', ')] : []), ...(through.length ? [`indirectly ${through.join(', ')}`] : [])];
  return parts.length ? parts.join('; ') : '—';
}

/** The watch list for people: one block per define. */
export function formatExplanation(explanation: Explanation): string {
  const header = `${explanation.trial} · ${explanation.patient} · as of ${explanation.asOf}`;
  const blocks = explanation.defines.map((d) =>
    [`define "${d.define}"`, `  criteria: ${criteriaText(d.criteria)}`, `  value:    ${d.text.replace(/\n/g, '\n            ')}`].join('\n'),
  );
  return [header, '', blocks.join('\n\n')].join('\n');
}
