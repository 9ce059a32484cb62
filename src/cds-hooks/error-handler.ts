import type { ErrorRequestHandler, RequestHandler } from 'express';
import { UserFacingError, type ProblemCode } from '../domain/errors.js';
import { safeErrorFields, type Logger } from '../logging.js';
import { HttpProblem, notFound } from './http-problem.js';

/** Errors raised by express' JSON body parser carry a `type` and an HTTP status. */
interface BodyParserError {
  type?: string;
  status?: number;
}

export function notFoundHandler(): RequestHandler {
  return (_req, _res, next) => next(notFound('no such endpoint; see GET /cds-services'));
}

/**
 * Turns every failure into an OperationOutcome response. Messages shown are those written for
 * callers (HttpProblem, UserFacingError, body-parser errors); anything else becomes a generic 500
 * and is logged without its message (it may quote patient data).
 */
export function errorHandler(logger: Logger): ErrorRequestHandler {
  return (err: unknown, req, res, _next) => {
    const problem = toProblem(err);
    if (problem.status >= 500) logger.error({ path: req.path, ...safeErrorFields(err) }, 'request failed');
    if (res.headersSent) {
      res.end();
      return;
    }
    for (const [k, v] of Object.entries(problem.headers)) res.setHeader(k, v);
    res.status(problem.status).type('application/fhir+json').send(JSON.stringify(problem.outcome));
  };
}

/** HTTP status of a user-facing error, by its OperationOutcome issue type. */
const STATUS_BY_CODE: Partial<Record<ProblemCode, number>> = {
  'not-found': 404,
  processing: 422,
  security: 403,
  timeout: 504,
  'too-costly': 413,
};

/**
 * express, its router and its body parsers mark errors the client caused (a malformed URL escape,
 * a body whose encoding does not decode) with a 4xx `status`: answer that status, not a 500.
 */
function clientErrorOf(err: unknown): HttpProblem | undefined {
  const e = err as { status?: unknown; statusCode?: unknown; expose?: unknown } | null;
  const status = Number(e?.status ?? e?.statusCode);
  if (!e || e.expose === false || !(status >= 400 && status < 500)) return undefined;
  return new HttpProblem(status, [{ code: 'invalid', text: 'the request is malformed (URL or body encoding)' }]);
}

export function toProblem(err: unknown): HttpProblem {
  if (err instanceof HttpProblem) return err;
  if (err instanceof UserFacingError) {
    return new HttpProblem(STATUS_BY_CODE[err.code] ?? 400, [{ code: err.code, text: err.message }]);
  }
  const bp = err as BodyParserError;
  switch (bp?.type) {
    case 'entity.too.large':
      return new HttpProblem(413, [
        { code: 'too-costly', text: 'the request body is larger than this service accepts' },
      ]);
    case 'entity.parse.failed':
      return new HttpProblem(400, [{ code: 'structure', text: 'the request body is not valid JSON' }]);
    case 'encoding.unsupported':
    case 'charset.unsupported':
      return new HttpProblem(415, [{ code: 'not-supported', text: 'unsupported request encoding' }]);
    default:
      return clientErrorOf(err) ?? new HttpProblem(500, [{ code: 'exception', text: 'internal error while handling the request' }]);
  }
}
