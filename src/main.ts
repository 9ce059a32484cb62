import type { AddressInfo } from 'node:net';
import { createApp } from './cds-hooks/app.js';
import { createNdjsonFeedbackStore } from './cds-hooks/feedback-store.js';
import { loadConfig, type AppConfig } from './config.js';
import { UserFacingError } from './domain/errors.js';
import { loadEngine, type EngineOptions } from './engine/load-engine.js';
import { ReloadableEngine } from './engine/reloadable-engine.js';
import { EvaluationPool, evaluationWorkerScript } from './engine/pool/evaluation-pool.js';
import { PooledEngine } from './engine/pool/pooled-engine.js';
import { poolEvaluator } from './batch/worker-pool.js';
import type { EvaluationSpec } from './batch/evaluator.js';
import { CqlSandbox, cqlWorkerScript } from './fhir-server/operations/cql-sandbox.js';
import { createTrialInstaller, recoverInterruptedInstalls } from './knowledge/install-trial.js';
import { createLogger, safeErrorFields, type Logger } from './logging.js';

/** Composition root: configuration → engine (artifacts) → express app → listen. */
async function main(): Promise<void> {
  let config: AppConfig;
  try {
    config = loadConfig();
  } catch (err) {
    process.stderr.write(
      `trialcds: ${err instanceof UserFacingError ? err.message : 'cannot read configuration'}\n`,
    );
    process.exit(2);
  }
  const logger = createLogger(config.logLevel);
  announceSecurityMode(config, logger);
  const engineOptions = engineOptionsFrom(config);
  if (engineOptions.localTrialsDir) recoverInterruptedInstalls(engineOptions.localTrialsDir);
  const reloadable = new ReloadableEngine(await loadEngine(engineOptions), () => loadEngine(engineOptions));
  const pool = evaluationPoolFor(config, engineOptions);
  const engine = pool ? new PooledEngine(reloadable, pool) : reloadable;
  const app = createApp({
    engine,
    ...(pool ? { screeningEvaluator: (spec: EvaluationSpec) => poolEvaluator(pool, spec) } : {}),
    config,
    logger,
    feedbackStore: createNdjsonFeedbackStore(config.feedbackStorePath, config.feedbackStore),
    expandValueSet: (url) => engine.valueSets.get(url)?.codes,
    reloadTrials: () => engine.reload(),
    ...cqlSandboxFor(config, engineOptions),
    ...(engineOptions.localTrialsDir
      ? { installTrialBundle: createTrialInstaller({ engine: reloadable, engineOptions: { ...engineOptions, localTrialsDir: engineOptions.localTrialsDir } }) }
      : {}),
  });
  const server = app.listen(config.port, config.host, () => {
    const { port } = server.address() as AddressInfo;
    const trials = engine.trials.map((t) => t.manifest.id);
    logger.info(
      { port, trials, auth: config.auth.mode, engine: engine.engineKind, evaluationThreads: pool?.threads ?? 0, startupMs: Math.round(performance.now()) },
      readyMessage(config.host, port, trials.length, pool),
    );
    if (pool) announceWarmPool(pool, logger);
  });
  // SIGHUP: load the trial folders again (a broken folder is reported and the running trials stay).
  process.on('SIGHUP', () => {
    engine.reload().then(
      (trials) => logger.info({ trials }, 'trials reloaded'),
      (err: unknown) => logger.error({ reason: err instanceof UserFacingError ? err.message : 'reload failed' }, 'trials not reloaded'),
    );
  });
  const stop = () => server.close(() => process.exit(0));
  process.once('SIGTERM', stop);
  process.once('SIGINT', stop);
}

/** $cql in a worker with memory and time limits, when $cql is served and the worker script is built. */
function cqlSandboxFor(config: AppConfig, engineOptions: EngineOptions): { cqlSandbox?: CqlSandbox } {
  const script = cqlWorkerScript();
  return config.cqlOperation && script ? { cqlSandbox: new CqlSandbox(script, engineOptions) } : {};
}

/**
 * The evaluation pool (worker threads), unless configured off or the worker is not built. Its workers
 * load the trials in the background (seconds per worker): the service listens first and evaluates
 * on its own thread until they are warm.
 */
function evaluationPoolFor(config: AppConfig, engineOptions: EngineOptions): EvaluationPool | undefined {
  if (config.evaluationThreads === 0 || !evaluationWorkerScript()) return undefined;
  return EvaluationPool.warming({ engine: engineOptions, threads: config.evaluationThreads, maxHeapMb: config.workerHeapMb });
}

/** The line a person starting the service waits for: where to point a CDS client. */
function readyMessage(host: string, port: number, trialCount: number, pool: EvaluationPool | undefined): string {
  const where = host === '0.0.0.0' || host === '::' ? 'localhost' : host;
  const warming = pool ? `; ${pool.threads} evaluation worker(s) warming up in the background` : '';
  return `trialcds ready: http://${where}:${port}/cds-services (${trialCount} trials${warming})`;
}

function announceWarmPool(pool: EvaluationPool, logger: Logger): void {
  pool.warmedUp.then(
    () => logger.info({ evaluationThreads: pool.threads, startupMs: Math.round(performance.now()) }, 'evaluation pool warm: hooks now evaluate in the workers'),
    (err: unknown) =>
      logger.error({ reason: err instanceof UserFacingError ? err.message : 'worker failed to load' }, 'evaluation pool did not start: evaluating on the main thread'),
  );
}

function engineOptionsFrom(config: AppConfig): EngineOptions {
  return {
    engine: config.engine,
    ...(config.trialsDir ? { trialsDir: config.trialsDir } : {}),
    ...(config.valueSetsDir ? { valueSetsDir: config.valueSetsDir } : {}),
    ...(config.localTrialsDir ? { localTrialsDir: config.localTrialsDir } : {}),
  };
}

function announceSecurityMode(config: AppConfig, logger: Logger): void {
  if (config.auth.mode === 'jwt') {
    logger.info(
      { issuers: config.auth.issuers.map((i) => i.iss), audienceBase: config.baseUrl },
      'CDS Hooks JWT authentication is on',
    );
    return;
  }
  const banner = [
    '',
    '!!! ========================================================================== !!!',
    '!!!  DEVELOPMENT MODE: no trusted issuers configured (TRIALCDS_TRUSTED_ISSUERS). !!!',
    '!!!  Requests are NOT authenticated. Never expose this service to patient data   !!!',
    '!!!  or a network in this mode.                                                 !!!',
    '!!! ========================================================================== !!!',
    '',
  ].join('\n');
  process.stderr.write(`${banner}\n`);
  logger.warn({ auth: 'development' }, 'DEVELOPMENT MODE: CDS Hooks requests are not authenticated');
}

main().catch((err: unknown) => {
  const message = err instanceof UserFacingError ? err.message : 'startup failed';
  process.stderr.write(`trialcds: ${message}\n`);
  if (!(err instanceof UserFacingError)) process.stderr.write(`${JSON.stringify(safeErrorFields(err))}\n`);
  process.exit(1);
});
