import { pino, type DestinationStream, type Logger } from 'pino';

export type { Logger };

/**
 * Paths pino removes before writing. The HTTP layer never logs bodies or raw headers in the first
 * place; this list is the second line of defence for anything that slips into a log call.
 */
export const REDACT_PATHS = [
  'authorization',
  'headers.authorization',
  'req.headers.authorization',
  '*.authorization',
  'access_token',
  '*.access_token',
  'fhirAuthorization',
  '*.fhirAuthorization',
  'token',
  '*.token',
  'prefetch',
  '*.prefetch',
  'context',
  '*.context',
  'patient',
  '*.patient',
  'patientId',
  '*.patientId',
  'resource',
  '*.resource',
  'resources',
  '*.resources',
  'body',
  '*.body',
];

export function createLogger(level: string, destination?: DestinationStream): Logger {
  const options = {
    level,
    base: { service: 'trialcds' },
    redact: { paths: REDACT_PATHS, remove: true },
  };
  return destination ? pino(options, destination) : pino(options);
}

/**
 * What may be logged about an error: its class name and stack frames. The message line is
 * dropped because messages from parsers or the engine can quote patient data.
 */
export function safeErrorFields(err: unknown): { errorType: string; frames?: string } {
  if (!(err instanceof Error)) return { errorType: typeof err };
  const frames = err.stack
    ?.split('\n')
    .filter((line) => line.trimStart().startsWith('at '))
    .slice(0, 12)
    .join('\n');
  return { errorType: err.name, ...(frames ? { frames } : {}) };
}
