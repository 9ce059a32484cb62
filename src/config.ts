import { DEFAULT_SOON_DAYS } from './domain/dates.js';
import { availableParallelism } from 'node:os';
import { isAbsolute, resolve } from 'node:path';
import { z } from 'zod';
import { isTimeZone, machineTimeZone } from './domain/calendar-date.js';
import { UserFacingError } from './domain/errors.js';
import { adminTokenDigest } from './cds-hooks/admin-auth.js';
import { DEFAULT_FEEDBACK_FILE_OPTIONS, type FeedbackFileOptions } from './cds-hooks/feedback-file.js';
import { DEFAULT_CHART_LIMITS, parseTypeLimits, type ChartLimits } from './domain/chart-limits.js';

/**
 * The service's configuration: one typed object, parsed once at start. This module is the only
 * reader of process.env; everything else receives the parsed object (tests build their own).
 */
export interface TrustedIssuer {
  /** The exact `iss` claim the CDS Client puts in its JWTs. */
  iss: string;
  /** Where the issuer's public keys (a JWK Set) live: fetched over HTTPS or read from a file. */
  jwks: { kind: 'url'; url: string } | { kind: 'file'; path: string };
}

export type AuthConfig =
  | { mode: 'jwt'; issuers: TrustedIssuer[]; maxLifetimeSeconds: number; clockToleranceSeconds: number }
  /** No issuers configured: requests are not authenticated. Only for local development. */
  | { mode: 'development' };

export interface AppConfig {
  port: number;
  host: string;
  /** Public base URL (scheme, host, optional path prefix) used as the JWT audience; no trailing slash. */
  baseUrl?: string;
  auth: AuthConfig;
  /**
   * SHA-256 of the operator's admin token (TRIALCDS_ADMIN_TOKEN, at least 32 characters): with JWT
   * authentication on, `/admin/*` and `POST /fhir` accept only it; absent = those endpoints are off.
   */
  adminTokenDigest?: Buffer;
  /** Browser origins allowed to call the service (`*` = any origin; credentials are never allowed). */
  corsOrigins: string[];
  /** Largest accepted request body, in the `bytes` notation express understands (e.g. `10mb`). */
  bodyLimit: string;
  fhir: {
    timeoutMs: number;
    retries: number;
    maxPages: number;
    /** When non-empty, `fhirServer` must start with one of these prefixes (guards against SSRF). */
    serverAllowlist: string[];
    /**
     * With no allowlist and JWT authentication on, may a hook's `fhirServer` be any URL (it receives
     * the hook's bearer token)? Off unless TRIALCDS_ALLOW_UNLISTED_HOOK_FHIR_SERVERS=true; always
     * on in development mode.
     */
    allowUnlistedHookServers?: boolean;
  };
  /** The IANA time zone whose calendar date is "today", the default as-of date everywhere. */
  timeZone: string;
  /** Deadline for one whole hook call, FHIR fetches and evaluation included. */
  requestDeadlineMs: number;
  /** Largest chart evaluated (whole chart, per resource type); larger ones get 413 before evaluation. */
  chartLimits: ChartLimits;
  /** Evaluation worker threads (hooks, $evaluate-eligibility, screening jobs); 0: the service's own thread. */
  evaluationThreads: number;
  /** Heap limit of each evaluation worker (MB). */
  workerHeapMb: number;
  /** `compiled` (default) or `interpreted` (cql-execution alone, the reference). */
  engine: 'compiled' | 'interpreted';
  feedbackStorePath: string;
  /** Bounds of the feedback file: size, event retention, userComment (PHI) retention. */
  feedbackStore: FeedbackFileOptions;
  /** Also return a card for ineligible trials (off by default, contract §3). */
  showIneligible: boolean;
  /** Cards: how cards read (issue 15; each has an environment variable, documented in the README). */
  cards?: CardSettings;
  /**
   * Serve `/fhir/$cql`, which runs caller-written CQL in this process (one expression can use all
   * its memory). On in development mode; with trusted issuers only when TRIALCDS_ENABLE_CQL=true.
   */
  cqlOperation: boolean;
  logLevel: 'fatal' | 'error' | 'warn' | 'info' | 'debug' | 'trace' | 'silent';
  trialsDir?: string;
  valueSetsDir?: string;
  /** Trials added at run time (folders dropped in, or Bundles POSTed to /fhir); uploads off when unset. */
  localTrialsDir?: string;
}

export interface CardSettings {
  /** An ineligible trial whose exclusions all lapse within this many days gets an "eligible soon" card. */
  soonDays: number;
  /** Longest card detail (characters) before reasons are shortened and items folded (`full`: no limit). */
  detailMaxChars: number;
  /** `brief` (default): status, blockers, missing data, review; `full`: every criterion (the old detail). */
  detail: 'brief' | 'full';
  /** Also offer one patient-view service per trial in discovery (off: only trial-eligibility). */
  perTrialServices: boolean;
}

export const DEFAULT_CARD_SETTINGS: CardSettings = {
  soonDays: DEFAULT_SOON_DAYS,
  detailMaxChars: 1500,
  detail: 'brief',
  perTrialServices: false,
};

/** Where the service appends CDS Hooks feedback unless TRIALCDS_FEEDBACK_STORE says otherwise. */
export const DEFAULT_FEEDBACK_STORE = '.trialcds/feedback.ndjson';

const intFrom = (def: number, min: number, max: number) =>
  z.coerce.number().int().min(min).max(max).default(def);
const list = z
  .string()
  .optional()
  .transform((s) =>
    (s ?? '')
      .split(',')
      .map((x) => x.trim())
      .filter((x) => x.length > 0),
  );
const flag = z
  .preprocess(
    (v) => (typeof v === 'string' ? v.trim().toLowerCase() : v),
    z.enum(['true', 'false', '1', '0', 'yes', 'no', '']).optional(),
  )
  .transform((s) => s === 'true' || s === '1' || s === 'yes');

/** An IANA time zone name; empty or unset: the machine's. */
const timeZone = z
  .string()
  .optional()
  .transform((s) => (s?.trim() ? s.trim() : machineTimeZone()))
  .refine(isTimeZone, 'an IANA time zone such as Europe/Paris or UTC');

const EnvSchema = z.object({
  PORT: intFrom(8080, 0, 65535),
  HOST: z.string().min(1).default('0.0.0.0'),
  BASE_URL: z.string().url().optional(),
  TRIALCDS_TRUSTED_ISSUERS: z.string().optional(),
  TRIALCDS_JWT_MAX_LIFETIME_S: intFrom(300, 1, 3600),
  TRIALCDS_JWT_CLOCK_TOLERANCE_S: intFrom(30, 0, 300),
  TRIALCDS_CORS_ORIGINS: list,
  TRIALCDS_ADMIN_TOKEN: z.string().min(32, 'must be at least 32 characters (e.g. openssl rand -hex 32)').optional(),
  TRIALCDS_BODY_LIMIT: z
    .string()
    .regex(/^\d+(b|kb|mb)$/i, 'e.g. 512kb or 10mb')
    .default('10mb'),
  TRIALCDS_FHIR_TIMEOUT_MS: intFrom(5000, 100, 120_000),
  TRIALCDS_FHIR_RETRIES: intFrom(2, 0, 5),
  TRIALCDS_FHIR_MAX_PAGES: intFrom(50, 1, 1000),
  TRIALCDS_FHIR_SERVER_ALLOWLIST: list,
  TRIALCDS_ALLOW_UNLISTED_HOOK_FHIR_SERVERS: flag,
  TRIALCDS_REQUEST_DEADLINE_MS: intFrom(15_000, 500, 300_000),
  TRIALCDS_TIME_ZONE: timeZone,
  TRIALCDS_MAX_CHART_RESOURCES: intFrom(DEFAULT_CHART_LIMITS.perChart, 1, 10_000_000),
  TRIALCDS_MAX_RESOURCES_PER_TYPE: z
    .string()
    .optional()
    .transform((s, ctx) => {
      const parsed = parseTypeLimits(s ?? String(DEFAULT_CHART_LIMITS.perType));
      if (!parsed) ctx.addIssue({ code: 'custom', message: 'e.g. 10000 or 10000,Observation=40000' });
      return parsed ?? { perType: DEFAULT_CHART_LIMITS.perType, byType: {} };
    }),
  TRIALCDS_EVALUATION_THREADS: intFrom(availableParallelism(), 0, 256),
  TRIALCDS_WORKER_HEAP_MB: intFrom(1024, 64, 65_536),
  TRIALCDS_ENGINE: z.enum(['compiled', 'interpreted']).default('compiled'),
  TRIALCDS_FEEDBACK_STORE: z.string().min(1).default(DEFAULT_FEEDBACK_STORE),
  TRIALCDS_FEEDBACK_MAX_MB: intFrom(DEFAULT_FEEDBACK_FILE_OPTIONS.maxBytes / 1024 / 1024, 1, 100_000),
  TRIALCDS_FEEDBACK_RETENTION_DAYS: intFrom(DEFAULT_FEEDBACK_FILE_OPTIONS.retentionDays, 1, 36_500),
  TRIALCDS_FEEDBACK_COMMENT_DAYS: intFrom(DEFAULT_FEEDBACK_FILE_OPTIONS.commentRetentionDays, 0, 36_500),
  TRIALCDS_SHOW_INELIGIBLE: flag,
  TRIALCDS_SOON_DAYS: intFrom(DEFAULT_CARD_SETTINGS.soonDays, 0, 3650),
  TRIALCDS_CARD_DETAIL_MAX_CHARS: intFrom(DEFAULT_CARD_SETTINGS.detailMaxChars, 300, 100_000),
  TRIALCDS_CARD_DETAIL: z.enum(['brief', 'full']).default(DEFAULT_CARD_SETTINGS.detail),
  TRIALCDS_PER_TRIAL_SERVICES: flag,
  TRIALCDS_ENABLE_CQL: z.enum(['true', 'false']).optional(),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  TRIALCDS_TRIALS_DIR: z.string().min(1).optional(),
  TRIALCDS_VALUESETS_DIR: z.string().min(1).optional(),
  TRIALCDS_LOCAL_TRIALS_DIR: z.string().min(1).optional(),
});

/** Parses the environment; throws a UserFacingError naming every bad variable (never its value). */
export function loadConfig(env: NodeJS.ProcessEnv = process.env, cwd: string = process.cwd()): AppConfig {
  const parsed = EnvSchema.safeParse(env);
  if (!parsed.success) {
    const names = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`);
    throw new UserFacingError(`invalid configuration: ${names.join('; ')}`);
  }
  const e = parsed.data;
  const issuers = parseTrustedIssuers(e.TRIALCDS_TRUSTED_ISSUERS, cwd);
  const baseUrl = e.BASE_URL?.replace(/\/+$/, '');
  if (issuers.length > 0 && !baseUrl) {
    // The JWT audience is the exact endpoint URL; without a configured base URL it would have to be
    // derived from the Host header, which the caller controls.
    throw new UserFacingError(
      'invalid configuration: BASE_URL is required when TRIALCDS_TRUSTED_ISSUERS is set',
    );
  }
  return {
    port: e.PORT,
    host: e.HOST,
    ...(baseUrl ? { baseUrl } : {}),
    auth:
      issuers.length > 0
        ? {
            mode: 'jwt',
            issuers,
            maxLifetimeSeconds: e.TRIALCDS_JWT_MAX_LIFETIME_S,
            clockToleranceSeconds: e.TRIALCDS_JWT_CLOCK_TOLERANCE_S,
          }
        : { mode: 'development' },
    corsOrigins: e.TRIALCDS_CORS_ORIGINS,
    ...(e.TRIALCDS_ADMIN_TOKEN ? { adminTokenDigest: adminTokenDigest(e.TRIALCDS_ADMIN_TOKEN) } : {}),
    bodyLimit: e.TRIALCDS_BODY_LIMIT.toLowerCase(),
    fhir: {
      timeoutMs: e.TRIALCDS_FHIR_TIMEOUT_MS,
      retries: e.TRIALCDS_FHIR_RETRIES,
      maxPages: e.TRIALCDS_FHIR_MAX_PAGES,
      serverAllowlist: e.TRIALCDS_FHIR_SERVER_ALLOWLIST,
      allowUnlistedHookServers: e.TRIALCDS_ALLOW_UNLISTED_HOOK_FHIR_SERVERS,
    },
    timeZone: e.TRIALCDS_TIME_ZONE,
    requestDeadlineMs: e.TRIALCDS_REQUEST_DEADLINE_MS,
    chartLimits: { perChart: e.TRIALCDS_MAX_CHART_RESOURCES, ...e.TRIALCDS_MAX_RESOURCES_PER_TYPE },
    evaluationThreads: e.TRIALCDS_EVALUATION_THREADS,
    workerHeapMb: e.TRIALCDS_WORKER_HEAP_MB,
    engine: e.TRIALCDS_ENGINE,
    feedbackStorePath: resolve(cwd, e.TRIALCDS_FEEDBACK_STORE),
    feedbackStore: {
      maxBytes: e.TRIALCDS_FEEDBACK_MAX_MB * 1024 * 1024,
      retentionDays: e.TRIALCDS_FEEDBACK_RETENTION_DAYS,
      commentRetentionDays: e.TRIALCDS_FEEDBACK_COMMENT_DAYS,
    },
    showIneligible: e.TRIALCDS_SHOW_INELIGIBLE,
    cards: {
      soonDays: e.TRIALCDS_SOON_DAYS,
      detailMaxChars: e.TRIALCDS_CARD_DETAIL_MAX_CHARS,
      detail: e.TRIALCDS_CARD_DETAIL,
      perTrialServices: e.TRIALCDS_PER_TRIAL_SERVICES,
    },
    cqlOperation: e.TRIALCDS_ENABLE_CQL === 'true' || (e.TRIALCDS_ENABLE_CQL === undefined && issuers.length === 0),
    logLevel: e.LOG_LEVEL,
    ...(e.TRIALCDS_TRIALS_DIR ? { trialsDir: resolve(cwd, e.TRIALCDS_TRIALS_DIR) } : {}),
    ...(e.TRIALCDS_VALUESETS_DIR ? { valueSetsDir: resolve(cwd, e.TRIALCDS_VALUESETS_DIR) } : {}),
    ...(e.TRIALCDS_LOCAL_TRIALS_DIR ? { localTrialsDir: resolve(cwd, e.TRIALCDS_LOCAL_TRIALS_DIR) } : {}),
  };
}

/**
 * The time zone of "today" for the command line (TRIALCDS_TIME_ZONE, else the machine's), read
 * without the rest of the service's configuration, which the CLI does not need.
 */
export function timeZoneFromEnv(env: NodeJS.ProcessEnv = process.env): string {
  const parsed = timeZone.safeParse(env.TRIALCDS_TIME_ZONE);
  if (!parsed.success) throw new UserFacingError(`invalid configuration: TRIALCDS_TIME_ZONE: ${parsed.error.issues[0]?.message ?? 'not a time zone'}`);
  return parsed.data;
}

/**
 * TRIALCDS_TRUSTED_ISSUERS is a JSON object mapping each issuer (`iss`) to its JWK Set: an
 * `https://` (or `http://`) URL, a `file:` URL, or a file path (relative to the working directory).
 */
export function parseTrustedIssuers(raw: string | undefined, cwd: string): TrustedIssuer[] {
  if (raw === undefined || raw.trim() === '') return [];
  let value: unknown;
  try {
    value = JSON.parse(raw);
  } catch {
    throw new UserFacingError(
      'invalid configuration: TRIALCDS_TRUSTED_ISSUERS must be a JSON object {"<iss>": "<jwks url or file>"}',
    );
  }
  const shape = z.record(z.string().min(1), z.string().min(1)).safeParse(value);
  if (!shape.success) {
    throw new UserFacingError(
      'invalid configuration: TRIALCDS_TRUSTED_ISSUERS must map each issuer to a JWKS URL or file path',
    );
  }
  return Object.entries(shape.data).map(([iss, where]) => ({ iss, jwks: jwksLocation(where, cwd) }));
}

function jwksLocation(where: string, cwd: string): TrustedIssuer['jwks'] {
  if (/^https?:\/\//i.test(where)) return { kind: 'url', url: where };
  if (where.startsWith('file:')) return { kind: 'file', path: new URL(where).pathname };
  return { kind: 'file', path: isAbsolute(where) ? where : resolve(cwd, where) };
}
