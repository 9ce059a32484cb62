import type { EligibilityReport } from '../domain/criterion.js';
import type { EvaluateOptions, PatientData } from '../domain/trial.js';
import type { LoadedEngine } from './load-engine.js';

/**
 * The service's engine, swappable at run time: every adapter holds this one object and always sees
 * the trials loaded last. A reload builds a complete new engine first and swaps only when it
 * loaded without error, so a broken trial folder never half-replaces a working set of trials.
 * Reloads run one at a time; an evaluation already running finishes on the engine it started on.
 */
export class ReloadableEngine implements LoadedEngine {
  private queue: Promise<unknown> = Promise.resolve();
  private readonly reloadListeners: (() => Promise<void>)[] = [];

  constructor(
    private current: LoadedEngine,
    private readonly load: () => Promise<LoadedEngine>,
  ) {}

  get trials() {
    return this.current.trials;
  }

  get valueSets() {
    return this.current.valueSets;
  }

  get loadedTrials() {
    return this.current.loadedTrials;
  }

  get codeService() {
    return this.current.codeService;
  }

  get compiledTrials() {
    return this.current.compiledTrials;
  }

  patientRecord(data: PatientData): unknown {
    return this.current.patientRecord(data);
  }

  get engineKind() {
    return this.current.engineKind;
  }

  preparedPatient(data: PatientData) {
    return this.current.preparedPatient(data);
  }

  evaluate(data: PatientData, options: EvaluateOptions): Promise<EligibilityReport> {
    return this.current.evaluate(data, options);
  }

  runTrialDefines(data: PatientData, trialId: string, asOf: string, defines?: string[]) {
    return this.current.runTrialDefines(data, trialId, asOf, defines);
  }

  /**
   * Called after every successful reload, inside it (the reload returns when they are done): the
   * evaluation pool loads the same trials in its workers.
   */
  onReload(listener: () => Promise<void>): void {
    this.reloadListeners.push(listener);
  }

  /** Loads the trials again; throws (keeping the current ones) when they do not load. */
  reload(): Promise<string[]> {
    return this.exclusive(async () => {
      this.current = await this.load();
      await this.notifyReloaded();
      return this.current.trials.map((t) => t.manifest.id);
    });
  }

  private async notifyReloaded(): Promise<void> {
    for (const listener of this.reloadListeners) await listener();
  }

  /**
   * Runs `change` (e.g. moving a trial folder into place) and reloads, one at a time with other
   * reloads. `change` returns an undo; it runs when the reload fails, then the error is rethrown.
   */
  changeAndReload(change: () => Promise<() => Promise<void>>): Promise<string[]> {
    return this.exclusive(async () => {
      const undo = await change();
      try {
        this.current = await this.load();
      } catch (error) {
        await undo();
        throw error;
      }
      await this.notifyReloaded();
      return this.current.trials.map((t) => t.manifest.id);
    });
  }

  private exclusive<T>(task: () => Promise<T>): Promise<T> {
    const run = this.queue.then(task, task);
    this.queue = run.catch(() => undefined);
    return run;
  }
}
