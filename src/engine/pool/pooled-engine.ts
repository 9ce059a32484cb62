// The service's engine: trial metadata, FHIR artifacts and authoring calls from the engine loaded on
// the main thread; evaluations in the worker pool. After a reload the pool's workers load the new
// trials before they take work, so both always serve the same trial set once the reload returns.
// Until the pool's first warm-up is done, evaluations run on the main thread's engine.
import type { EligibilityReport } from '../../domain/criterion.js';
import type { EvaluateOptions, PatientData } from '../../domain/trial.js';
import type { LoadedEngine } from '../load-engine.js';
import type { ReloadableEngine } from '../reloadable-engine.js';
import type { EvaluationPool } from './evaluation-pool.js';

export class PooledEngine implements LoadedEngine {
  constructor(
    readonly inner: ReloadableEngine,
    readonly pool: EvaluationPool,
  ) {
    inner.onReload(() => pool.restart());
  }

  get trials() {
    return this.inner.trials;
  }

  get valueSets() {
    return this.inner.valueSets;
  }

  get loadedTrials() {
    return this.inner.loadedTrials;
  }

  get codeService() {
    return this.inner.codeService;
  }

  get engineKind() {
    return this.inner.engineKind;
  }

  get compiledTrials() {
    return this.inner.compiledTrials;
  }

  evaluate(data: PatientData, options: EvaluateOptions): Promise<EligibilityReport> {
    // While the workers still load the trials (the first seconds after start), this thread's engine
    // answers: the same trials, so the same report, only without the pool's parallelism.
    return this.pool.isWarm ? this.pool.evaluate(data, options) : this.inner.evaluate(data, options);
  }

  patientRecord(data: PatientData): unknown {
    return this.inner.patientRecord(data);
  }

  preparedPatient(data: PatientData) {
    return this.inner.preparedPatient(data);
  }

  runTrialDefines(data: PatientData, trialId: string, asOf: string, defines?: string[]) {
    return this.inner.runTrialDefines(data, trialId, asOf, defines);
  }

  reload(): Promise<string[]> {
    return this.inner.reload();
  }

  changeAndReload(change: () => Promise<() => Promise<void>>): Promise<string[]> {
    return this.inner.changeAndReload(change);
  }
}
