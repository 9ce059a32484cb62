import { existsSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { Bundle, Resource } from 'fhir/r4';
import type { EligibilityReport } from '../domain/criterion.js';
import { BadInputError, ArtifactError } from '../domain/errors.js';
import type { EligibilityEngine, EvaluateOptions, PatientData, TrialInfo } from '../domain/trial.js';
import { loadValueSetDir, toCodeServiceJson, type LoadedValueSet } from '../artifacts/value-sets.js';
import { loadTrial, trialDataRequirements, trialDirsIn, type LoadedTrial } from '../artifacts/trial-registry.js';
import { CQL_LIB_DIR, TRIALS_DIR, VALUE_SETS_DIR } from '../project-paths.js';
import { expressionDefineNames, valueSetUrls } from '../artifacts/elm.js';
import { CompiledLibrary, InterpretedTrial, baselineCodeService, defineRunner, runDefines, type DefineResult } from './cql-runtime/cql-runner.js';
import { CompiledPatient, CompiledTrials } from './compiled/compiled-trials.js';
import { HashedCodeService } from './cql-runtime/hashed-code-service.js';
import { baselinePatientRecord, indexedPatientRecord } from './cql-runtime/indexed-patient.js';
import { definesOf, evaluateManifest, evaluateManifestUntilFail } from './evaluate-trial.js';
import { preparePatientData } from './prepare-data.js';
import { unreadableDataOf, unreadableRecords } from './unreadable-records.js';
import { expressionValuesOf, tracedDefines } from './expression-values.js';
import type { retrievesOfDefine } from '../fhir-server/operations/criterion-data-requirements.js';

type Found = ReturnType<typeof retrievesOfDefine>[number];

export interface EngineOptions {
  trialsDir?: string;
  /**
   * A second trials folder for trials added at run time (dropped in, or POSTed to /fhir as a
   * Bundle). Missing = empty. A trial id may not appear in both folders.
   */
  localTrialsDir?: string;
  valueSetsDir?: string;
  /** Extra folders searched for shared libraries' ELM (cql/lib is always searched). */
  libraryDirs?: string[];
  /** Load only these trial folders (by folder name = trial id); all when absent. */
  onlyTrials?: string[];
  /**
   * Authoring only: a missing or empty value set is reported here and treated as empty instead of
   * refusing the trial. Never set by the service: a criterion over an empty value set finds nothing.
   */
  onValueSetProblem?: (problem: string) => void;
  /**
   * `indexed` (default): our indexed, lazily wrapped data source and hashed value sets.
   * `cql-exec-fhir`: the usual stack (cql-exec-fhir PatientSource, cql-execution CodeService) —
   * kept for the equivalence test and the benchmark baseline.
   */
  dataSource?: 'indexed' | 'cql-exec-fhir';
  /**
   * `compiled` (default): the trials' ELM compiled to JavaScript (src/engine/compiled), with
   * cql-execution for any define it cannot compile. `interpreted`: cql-execution alone — the
   * reference engine, for authors and for the equivalence tests.
   */
  engine?: EngineKind;
}

export type EngineKind = 'compiled' | 'interpreted';

type DefineRun = (names: string[]) => Promise<Map<string, DefineResult>>;

interface RunnableTrial {
  info: TrialInfo;
  loaded: LoadedTrial;
  compiled: CompiledLibrary;
  defines: string[];
  /** The retrieves behind each define, found when a chart first has an unreadable record. */
  retrieves: Map<string, Found[]>;
  /** The defines the criteria's defines refer to (their values explain a checklist). */
  traced: string[];
}

const AS_OF = /^\d{4}-\d{2}-\d{2}$/;

export function checkAsOf(asOf: string): void {
  if (!AS_OF.test(asOf) || Number.isNaN(Date.parse(`${asOf}T00:00:00Z`))) {
    throw new BadInputError(`as-of date "${asOf}" is not a calendar date (YYYY-MM-DD)`);
  }
}

function toRunnable(trial: LoadedTrial): RunnableTrial {
  const defines = [...new Set(definesOf(trial.manifest.criteria))];
  return {
    info: { manifest: trial.manifest, dataRequirements: trialDataRequirements(trial) },
    loaded: trial,
    compiled: new CompiledLibrary(trial.libraries),
    defines,
    traced: tracedDefines(trial.libraries[0]!, defines),
    retrieves: new Map(),
  };
}

/** The value sets, libraries and manifests are loaded, checked and compiled once, here. */
class CqlEligibilityEngine implements EligibilityEngine {
  readonly trials: readonly TrialInfo[];
  readonly loadedTrials: readonly LoadedTrial[];
  private readonly byId: Map<string, RunnableTrial>;

  constructor(
    runnable: RunnableTrial[],
    readonly codeService: unknown,
    readonly valueSets: Map<string, LoadedValueSet>,
    private readonly recordOf: (bundle: Bundle) => unknown,
    /** The compiled trials; absent for the interpreted engine. */
    readonly compiledTrials?: CompiledTrials,
  ) {
    this.trials = runnable.map((r) => r.info);
    this.loadedTrials = runnable.map((r) => r.loaded);
    this.byId = new Map(runnable.map((r) => [r.info.manifest.id, r]));
  }

  private selectTrials(ids: string[] | undefined): RunnableTrial[] {
    if (!ids?.length) return [...this.byId.values()];
    return ids.map((id) => {
      const trial = this.byId.get(id);
      if (!trial) throw new BadInputError(`unknown trial "${id}"; known trials: ${[...this.byId.keys()].join(', ')}`, 'not-found');
      return trial;
    });
  }

  async evaluate(data: PatientData, options: EvaluateOptions): Promise<EligibilityReport> {
    checkAsOf(options.asOf);
    const selected = this.selectTrials(options.trialIds);
    // One patient's state, shared by every trial evaluated for them (never across patients).
    const bundle = preparePatientData(data);
    const unreadable = unreadableRecords((bundle.entry ?? []).map((e) => e.resource!));
    const runnerFor = this.patientRunner(bundle, options.asOf);
    const trials = [];
    for (const trial of selected) {
      const { run, display } = runnerFor(trial);
      const unusable = unreadableDataOf(unreadable, { libraries: trial.loaded.libraries, root: trial.info.manifest.library.name }, this.valueSets, trial.retrieves);
      const result = options.stopAtFirstFail
        ? await evaluateManifestUntilFail(trial.info.manifest, run, unusable)
        : evaluateManifest(trial.info.manifest, await run(trial.defines), unusable);
      // The sub-expressions were computed on the way (both engines keep define values): reading them is cheap.
      if (options.withExpressionValues && !options.stopAtFirstFail) result.expressionValues = expressionValuesOf(await display(trial.traced));
      trials.push(result);
    }
    return { patient: `Patient/${data.patient.id ?? 'unknown'}`, asOf: options.asOf, trials };
  }

  patientRecord(data: PatientData): unknown {
    return this.recordOf(preparePatientData(data));
  }

  get engineKind(): EngineKind {
    return this.compiledTrials ? 'compiled' : 'interpreted';
  }

  /** The patient's data prepared once: resources for compiled code, the interpreter's record on demand. */
  preparedPatient(data: PatientData): { resources: Resource[]; record: () => unknown } {
    const bundle = preparePatientData(data);
    let record: unknown;
    return { resources: (bundle.entry ?? []).map((e) => e.resource!), record: () => (record ??= this.recordOf(bundle)) };
  }

  /**
   * Runs defines of each trial for one patient: compiled (interpreter fallback) or interpreted;
   * `display` gives values with FHIR data marked by type (for people), `run` the raw ones.
   */
  private patientRunner(bundle: Bundle, asOf: string): (trial: RunnableTrial) => { run: DefineRun; display: DefineRun } {
    if (!this.compiledTrials) {
      const record = this.recordOf(bundle);
      return (trial) => {
        const run = defineRunner(trial.compiled, this.codeService, record, asOf);
        return { run, display: run };
      };
    }
    const patient = this.compiledPatient(bundle, asOf);
    return (trial) => ({
      run: (names) => patient.run(trial.info.manifest.id, names),
      display: (names) => patient.runForDisplay(trial.info.manifest.id, names),
    });
  }

  /** One patient's compiled evaluation state, the interpreter (per trial) ready for fallbacks. */
  private compiledPatient(bundle: Bundle, asOf: string): CompiledPatient {
    let record: unknown;
    const recordOf = () => (record ??= this.recordOf(bundle));
    const interpreters = new Map<string, InterpretedTrial>();
    const interpreter = (id: string): InterpretedTrial => {
      let found = interpreters.get(id);
      if (!found) interpreters.set(id, (found = new InterpretedTrial(this.byId.get(id)!.compiled, this.codeService, recordOf, asOf)));
      return found;
    };
    const resources = (bundle.entry ?? []).map((e) => e.resource!);
    return new CompiledPatient(this.compiledTrials!, resources, asOf, interpreter);
  }

  /**
   * Authoring (`trialcds explain`): the value of each named define of one trial's library for one
   * patient — every define of the library when `defines` is absent. Errors are per define.
   */
  async runTrialDefines(data: PatientData, trialId: string, asOf: string, defines?: string[]): Promise<Map<string, DefineResult>> {
    checkAsOf(asOf);
    const [trial] = this.selectTrials([trialId]);
    const names = defines ?? expressionDefineNames(trial!.loaded.libraries[0]!);
    if (!this.compiledTrials) return runDefines(trial!.compiled, this.codeService, this.patientRecord(data), asOf, names);
    return this.compiledPatient(preparePatientData(data), asOf).runForDisplay(trial!.info.manifest.id, names);
  }
}

function allTrialDirs(options: EngineOptions): string[] {
  const local = options.localTrialsDir && existsSync(options.localTrialsDir) ? trialDirsIn(options.localTrialsDir) : [];
  return [...trialDirsIn(options.trialsDir ?? TRIALS_DIR), ...local];
}

/**
 * A trial folder may carry its own `valuesets/` (a trial is data: folder in, trial out). The code
 * service is shared by all trials, so the same url must mean the same codes everywhere.
 */
function addTrialValueSets(valueSets: Map<string, LoadedValueSet>, trialDir: string): void {
  for (const vs of loadValueSetDir(join(trialDir, 'valuesets')).values()) {
    const existing = valueSets.get(vs.url);
    if (existing && !sameCodes(existing, vs)) {
      throw new ArtifactError(`${trialDir}/valuesets: value set ${vs.url} has other codes than the one already loaded with that url`);
    }
    valueSets.set(vs.url, existing ?? vs);
  }
}

function sameCodes(a: LoadedValueSet, b: LoadedValueSet): boolean {
  return a.keys.size === b.keys.size && [...a.keys].every((k) => b.keys.has(k));
}

/** Authoring mode: a referenced value set that is missing evaluates as empty instead of failing the criterion. */
function addEmptyPlaceholders(trials: LoadedTrial[], valueSets: Map<string, LoadedValueSet>): void {
  for (const url of trials.flatMap((t) => t.libraries.flatMap((elm) => [...valueSetUrls(elm).values()]))) {
    if (!valueSets.has(url)) valueSets.set(url, { url, version: '', resource: { resourceType: 'ValueSet', status: 'draft' }, codes: [], keys: new Set() });
  }
}

export type LoadedEngine = EligibilityEngine & {
  valueSets: Map<string, LoadedValueSet>;
  /** The trials as loaded from their folders (manifest, ELM, CQL sources), for publishing them. */
  loadedTrials: readonly LoadedTrial[];
  runTrialDefines(data: PatientData, trialId: string, asOf: string, defines?: string[]): Promise<Map<string, DefineResult>>;
  /** The value-set code service every trial runs with (for FHIR operations that run other CQL). */
  readonly codeService: unknown;
  /** The cql-execution patient record the engine builds for `data` (prepared, indexed). */
  patientRecord(data: PatientData): unknown;
  /** Which engine evaluates (the FHIR operations run the same one). */
  readonly engineKind: EngineKind;
  /** The trials' compiled code (which defines compiled, which run interpreted); absent when interpreted. */
  readonly compiledTrials?: CompiledTrials;
  /** The patient's data prepared once, for either engine. */
  preparedPatient(data: PatientData): { resources: Resource[]; record: () => unknown };
};

/** Loads every trial folder; a broken trial stops the load with a message naming it (never half-loads). */
export async function loadEngine(options: EngineOptions = {}): Promise<LoadedEngine> {
  const valueSets = loadValueSetDir(options.valueSetsDir ?? VALUE_SETS_DIR);
  const libraryDirs = [...(options.libraryDirs ?? []), CQL_LIB_DIR];
  const trials = allTrialDirs(options)
    .filter((dir) => !options.onlyTrials?.length || options.onlyTrials.includes(basename(dir)))
    .map((dir) => {
      addTrialValueSets(valueSets, dir);
      return loadTrial(dir, libraryDirs, valueSets, options.onValueSetProblem);
    })
    .sort((a, b) => a.manifest.seed.localeCompare(b.manifest.seed) || a.manifest.id.localeCompare(b.manifest.id));
  if (trials.length === 0) throw new ArtifactError('no trials found (each trial is a folder with trial.json)');
  const ids = trials.map((t) => t.manifest.id);
  const duplicate = ids.find((id, i) => ids.indexOf(id) !== i);
  if (duplicate) throw new ArtifactError(`trial id ${duplicate} is defined twice`);
  if (options.onValueSetProblem) addEmptyPlaceholders(trials, valueSets);
  const baseline = options.dataSource === 'cql-exec-fhir';
  const codeService = baseline ? baselineCodeService(toCodeServiceJson(valueSets.values())) : new HashedCodeService(valueSets.values());
  const patientRecord = baseline ? baselinePatientRecord : indexedPatientRecord;
  const compiled =
    (options.engine ?? 'compiled') === 'compiled'
      ? new CompiledTrials(
          trials.map((t) => ({ id: t.manifest.id, libraries: t.libraries })),
          (url, version) => (codeService as { findValueSet(url: string, version?: string): unknown }).findValueSet(url, version),
        )
      : undefined;
  return new CqlEligibilityEngine(trials.map(toRunnable), codeService, valueSets, patientRecord, compiled);
}
