import { readFileSync } from 'node:fs';
import type { Bundle, Patient, Resource } from 'fhir/r4';
import type { EligibilityReport } from '../../src/domain/criterion.js';
import type { EligibilityEngine, EvaluateOptions, PatientData } from '../../src/domain/trial.js';
import { loadEngine, type LoadedEngine } from '../../src/engine/load-engine.js';

/** The bundled trials, value sets and compiled libraries, loaded once per test file. */
let loading: Promise<LoadedEngine> | undefined;
export function bundledEngine(): Promise<LoadedEngine> {
  loading ??= loadEngine();
  return loading;
}

export const expanderOf = (engine: LoadedEngine) => (url: string) => engine.valueSets.get(url)?.codes;

/** The real engine, recording what each call received and returned (a spy, not a fake). */
export class RecordingEngine implements EligibilityEngine {
  readonly calls: { data: PatientData; options: EvaluateOptions; report?: EligibilityReport }[] = [];
  constructor(private readonly inner: EligibilityEngine) {}
  get trials() {
    return this.inner.trials;
  }
  async evaluate(data: PatientData, options: EvaluateOptions): Promise<EligibilityReport> {
    const call: (typeof this.calls)[number] = { data, options };
    this.calls.push(call);
    call.report = await this.inner.evaluate(data, options);
    return call.report;
  }
}

/** A synthetic 12-year-old with SLE and class IV lupus nephritis (shared/examples, copied). */
export function slePatientChart(): { asOf: string; patient: Patient; resources: Resource[] } {
  const fixture = JSON.parse(
    readFileSync(new URL('../integration/cds-hooks/fixtures/sle-patient.json', import.meta.url), 'utf8'),
  ) as { asOf: string; bundle: Bundle };
  const all = fixture.bundle.entry!.map((e) => e.resource!);
  const patient = all.find((r): r is Patient => r.resourceType === 'Patient')!;
  return { asOf: fixture.asOf, patient, resources: all.filter((r) => r !== patient) };
}

export function searchset(resources: readonly Resource[]): Bundle {
  return {
    resourceType: 'Bundle',
    type: 'searchset',
    entry: resources.map((resource) => ({ resource })),
  } as Bundle;
}

/** What an EHR would prefetch for these templates, from an in-memory chart (type match only). */
export function prefetchFor(
  templates: Record<string, string>,
  patient: Patient,
  resources: readonly Resource[],
): Record<string, Resource | Bundle> {
  const out: Record<string, Resource | Bundle> = {};
  for (const [key, template] of Object.entries(templates)) {
    const type = template.split(/[/?]/, 1)[0];
    out[key] = type === 'Patient' ? patient : searchset(resources.filter((r) => r.resourceType === type));
  }
  return out;
}
