import type { CriterionKind, CriterionResult, EligibilityReport } from './criterion.js';
import type { Combine } from './rollup.js';
import type { Patient, Resource } from 'fhir/r4';

/**
 * How a criterion's status is produced (the manifest's `result` field):
 * - `outcome`: a CQL define returns Tuple { status, reason, evidence } (see cql/lib/Eligibility.cql);
 * - `review`:  nothing to compute; a person must judge (consent, willingness, investigator judgement);
 * - `pending`: computable in principle but not yet automated — reported as `review`, reason says so.
 * A criterion with sub-criteria and no define rolls them up with `combine`.
 */
export type ResultMapping = 'outcome' | 'review' | 'pending';

export interface CriterionDefinition {
  id: string;
  kind: CriterionKind;
  /** Exact quote from the seed text. */
  text: string;
  result?: ResultMapping;
  /** CQL define in the trial library that computes this criterion (for `outcome`). */
  define?: string;
  /** Fixed reason for `review` / `pending` criteria. */
  reason?: string;
  /**
   * What a coordinator would go and get (or check) for this criterion, in plain words ("SLEDAI-2K
   * score"): the worklists' "data to obtain". The same words in several trials are one item.
   */
  label?: string;
  /** A note the seed attaches to this criterion (e.g. an investigator waiver), quoted exactly. */
  note?: string;
  /** How sub-criteria roll up when the parent has no define of its own. */
  combine?: Combine;
  criteria?: CriterionDefinition[];
}

export interface TrialManifest {
  id: string;
  title: string;
  registry?: { id?: string; url?: string };
  seed: string;
  library: { name: string; version: string };
  /** Choices the seed text leaves open, stated so a reader can disagree with them. */
  interpretations: string[];
  criteria: CriterionDefinition[];
}

/** One patient's data as the engine sees it: the Patient plus everything about them. */
export interface PatientData {
  patient: Patient;
  resources: Resource[];
  /** Bundle.entry.fullUrl of each resource, when the data came in a Bundle (resolves urn:uuid: references). */
  fullUrls?: ReadonlyMap<Resource, string>;
}

export interface EvaluateOptions {
  /** Screening date, YYYY-MM-DD. */
  asOf: string;
  /** Trial ids to evaluate; all bundled trials when absent or empty. */
  trialIds?: string[];
  /**
   * Stop a trial at its first failing criterion (it is ineligible whatever the rest say); its
   * result then lists only the criteria evaluated. Only for callers that show nothing for an
   * ineligible trial (CDS cards); reports of the contract always evaluate every criterion.
   */
  stopAtFirstFail?: boolean;
  /** Also report the values of the sub-expressions the criteria rest on (TrialResult.expressionValues). */
  withExpressionValues?: boolean;
  /**
   * The caller's deadline. An evaluation in the worker pool is stopped when it fires (its worker is
   * terminated); one on the calling thread cannot be interrupted and only its answer is dropped.
   */
  signal?: AbortSignal;
}

/** What a trial needs from a FHIR server: one entry per resource type, optionally narrowed by codes. */
export interface DataRequirement {
  type: string;
  codeFilters: { path: string; valueSet?: string; codes?: { system: string; code: string }[] }[];
}

export interface TrialInfo {
  manifest: TrialManifest;
  dataRequirements: DataRequirement[];
}

/** The engine as every adapter (CLI, CDS Hooks, batch, FHIR endpoint) sees it. */
export interface EligibilityEngine {
  readonly trials: readonly TrialInfo[];
  evaluate(data: PatientData, options: EvaluateOptions): Promise<EligibilityReport>;
}

export type { CriterionResult };
