// What the page knows about each trial before any patient: the criteria in seed order (flattened,
// with depth), the CQL of each computed criterion's define, and the criteria every patient shares
// for review (consent, willingness …) — shown once per trial, not on every row.
import type { ElmLibraryJson } from '../artifacts/elm.js';
import type { CriterionDefinition, TrialManifest } from '../domain/trial.js';
import { displayText } from '../engine/evaluate-trial.js';
import { defineSourcesHtml } from './cql-html.js';
import { sharedReviewOf, type SharedReview } from '../batch/criterion-labels.js';

export interface ReportTrial {
  manifest: TrialManifest;
  /** The trial's own library (ELM with annotations); without it the checklist shows no CQL. */
  library?: ElmLibraryJson;
}

export interface PageCriterion {
  id: string;
  kind: string;
  text: string;
  depth: number;
  define?: string;
}

export interface PageTrial {
  id: string;
  title: string;
  criteria: PageCriterion[];
  /** define name → its CQL as HTML (references to other defines marked). */
  cql: Record<string, string>;
  /** Criteria that are `review` for everyone by their nature. */
  sharedReview: SharedReview[];
}

function flatten(
  criteria: readonly CriterionDefinition[],
  depth = 0,
): { def: CriterionDefinition; depth: number }[] {
  return criteria.flatMap((def) => [{ def, depth }, ...flatten(def.criteria ?? [], depth + 1)]);
}

export function pageTrialOf(trial: ReportTrial): PageTrial {
  const flat = flatten(trial.manifest.criteria);
  const defines = flat.flatMap(({ def }) => (def.result === 'outcome' && def.define ? [def.define] : []));
  return {
    id: trial.manifest.id,
    title: trial.manifest.title,
    criteria: flat.map(({ def, depth }) => ({
      id: def.id,
      kind: def.kind,
      text: displayText(def.text),
      depth,
      ...(def.result === 'outcome' && def.define ? { define: def.define } : {}),
    })),
    cql: trial.library ? defineSourcesHtml(trial.library, defines) : {},
    sharedReview: sharedReviewOf(trial.manifest),
  };
}

/** The trials an engine has loaded, with their libraries when it exposes them (the loaded engine does). */
export function reportTrialsOf(engine: {
  trials: readonly { manifest: TrialManifest }[];
  loadedTrials?: readonly { manifest: TrialManifest; libraries: ElmLibraryJson[] }[];
}): ReportTrial[] {
  const loaded = new Map((engine.loadedTrials ?? []).map((t) => [t.manifest.id, t.libraries[0]]));
  return engine.trials.map((t) => {
    const library = loaded.get(t.manifest.id);
    return { manifest: t.manifest, ...(library ? { library } : {}) };
  });
}
