import type { CriterionResult, EligibilityReport, TrialStatus } from '../domain/criterion.js';
import { walkCriteria } from '../domain/rollup.js';
import { DEFAULT_SOON_DAYS, daysUntilEligible } from '../domain/dates.js';
import type { SourceProblem } from './population.js';

/** Per criterion: how many patients it excluded (fail), left unknown, sent to review, or passed. */
export interface CriterionFunnel {
  id: string;
  kind: string;
  /** The criterion's text (seed quote), so the summary reads without the manifest. */
  text: string;
  excluded: number;
  /** Patients this criterion alone made ineligible (the only failing top-level criterion). */
  excludedAlone: number;
  unknown: number;
  review: number;
  pass: number;
  /** Top-level criteria only: patients with no failure among this and every earlier criterion. */
  remainingAfter?: number;
}

export interface TrialSummary {
  id: string;
  title: string;
  patients: number;
  status: Record<TrialStatus, number>;
  /** Ineligible patients who become eligible within the soon window (TRIALCDS_SOON_DAYS, issue 15). */
  eligibleSoon?: number;
  criteria: CriterionFunnel[];
}

export interface ScreeningSummary {
  asOf: string;
  source: string;
  complete: boolean;
  patients: { screened: number; evaluated: number; errors: number; errorsByCode: Record<string, number> };
  trials: TrialSummary[];
  sourceProblems: { count: number; samples: SourceProblem[] };
  run?: { seconds: number; patientsPerSecond: number; peakRssMb: number };
}

/** Folds report lines into the summary; holds counters only (one per criterion), never reports. */
export class SummaryBuilder {
  private readonly trials = new Map<string, TrialSummary>();
  private readonly criteria = new Map<string, Map<string, CriterionFunnel>>();
  private evaluated = 0;
  private errors = 0;
  private readonly errorsByCode: Record<string, number> = {};

  constructor(private readonly soonDays: number = DEFAULT_SOON_DAYS) {}

  addReport(report: EligibilityReport): void {
    this.evaluated++;
    for (const trial of report.trials) {
      const summary = this.trialSummary(trial.id, trial.title);
      summary.patients++;
      summary.status[trial.status]++;
      if (daysUntilEligible(trial, report.asOf, this.soonDays) !== undefined) summary.eligibleSoon = (summary.eligibleSoon ?? 0) + 1;
      const funnel = this.criteria.get(trial.id)!;
      for (const c of walkCriteria(trial.criteria)) this.count(funnel, c);
      this.countTopLevel(funnel, trial.criteria);
    }
  }

  addError(code: string): void {
    this.errors++;
    this.errorsByCode[code] = (this.errorsByCode[code] ?? 0) + 1;
  }

  build(meta: Pick<ScreeningSummary, 'asOf' | 'source' | 'complete' | 'sourceProblems' | 'run'>): ScreeningSummary {
    return {
      asOf: meta.asOf,
      source: meta.source,
      complete: meta.complete,
      patients: {
        screened: this.evaluated + this.errors,
        evaluated: this.evaluated,
        errors: this.errors,
        errorsByCode: { ...this.errorsByCode },
      },
      trials: [...this.trials.values()].map((t) => ({ ...t, criteria: [...this.criteria.get(t.id)!.values()] })),
      sourceProblems: meta.sourceProblems,
      ...(meta.run ? { run: meta.run } : {}),
    };
  }

  private trialSummary(id: string, title: string): TrialSummary {
    let summary = this.trials.get(id);
    if (!summary) {
      summary = { id, title, patients: 0, status: { 'likely-eligible': 0, 'possibly-eligible': 0, ineligible: 0 }, criteria: [] };
      this.trials.set(id, summary);
      this.criteria.set(id, new Map());
    }
    return summary;
  }

  private count(funnel: Map<string, CriterionFunnel>, c: CriterionResult): void {
    let f = funnel.get(c.id);
    if (!f) funnel.set(c.id, (f = { id: c.id, kind: c.kind, text: c.text, excluded: 0, excludedAlone: 0, unknown: 0, review: 0, pass: 0 }));
    if (c.status === 'fail') f.excluded++;
    else f[c.status]++;
  }

  /** Sequential funnel over top-level criteria in seed order, and sole-reason exclusions. */
  private countTopLevel(funnel: Map<string, CriterionFunnel>, top: readonly CriterionResult[]): void {
    const failing = top.filter((c) => c.status === 'fail');
    if (failing.length === 1) funnel.get(failing[0]!.id)!.excludedAlone++;
    let stillIn = true;
    for (const c of top) {
      const f = funnel.get(c.id)!;
      if (c.status === 'fail') stillIn = false;
      f.remainingAfter = (f.remainingAfter ?? 0) + (stillIn ? 1 : 0);
    }
  }
}
