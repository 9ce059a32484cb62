import type { IncomingMessage, ServerResponse } from 'node:http';
import cors from 'cors';
import type { NextFunction, Request, RequestHandler, Response } from 'express';
import helmet from 'helmet';
import { pinoHttp } from 'pino-http';
import type { Logger } from '../logging.js';
import { unauthorized } from './http-problem.js';
import type { RequestAuthenticator } from './jwt-auth.js';

/**
 * CORS for browser-based CDS Clients (e.g. the public CDS Hooks sandbox), by the `cors` package.
 * Only listed origins get CORS headers; `*` must be listed explicitly. Credentials are never
 * allowed: CDS Hooks authenticates with the Authorization header, so cookies have no business here.
 * Every preflight ends here with 204: it carries no credentials and must not reach authentication
 * (`cors` alone passes a preflight from an unlisted origin on to the routes).
 */
export function corsMiddleware(origins: readonly string[]): RequestHandler[] {
  const policy = cors({
    origin: origins.includes('*') ? '*' : [...origins],
    credentials: false,
    methods: ['GET', 'POST', 'OPTIONS'],
    allowedHeaders: ['Authorization', 'Content-Type'],
    exposedHeaders: ['WWW-Authenticate'],
    maxAge: 600,
    optionsSuccessStatus: 204,
  });
  const endPreflight: RequestHandler = (req, res, next) => {
    if (req.method !== 'OPTIONS') return next();
    res.status(204).end();
  };
  return [policy, endPreflight];
}

/** The JWT audience is the exact URL being called: configured base URL + request path, no query. */
export function audienceOf(baseUrl: string, req: Request): string {
  const path = req.originalUrl.split('?')[0] ?? '';
  return `${baseUrl}${path}`;
}

export function authMiddleware(
  authenticator: RequestAuthenticator,
  baseUrl: string,
  logger: Logger,
): RequestHandler {
  return async (req: Request, res: Response, next: NextFunction) => {
    const outcome = await authenticator.authenticate(req.headers.authorization, audienceOf(baseUrl, req));
    if (!outcome.ok) {
      // The reason is for operators; the caller learns nothing beyond 401.
      logger.warn({ path: req.path, reason: outcome.reason }, 'rejected an unauthenticated CDS Hooks call');
      next(unauthorized());
      return;
    }
    res.locals.client = outcome.issuer;
    next();
  };
}

/** The path without its query: queries of FHIR-style URLs can name a patient. */
function pathOnly(url: string | undefined): string {
  return (url ?? '').split('?')[0] ?? '';
}

/**
 * One line per request (pino-http): method, path without query, status, duration. Never bodies or
 * headers (so never a token), and never the error: its message can quote patient data, and the
 * error handler logs the safe fields of a 500 itself.
 */
export function requestLogger(logger: Logger): RequestHandler {
  return pinoHttp({
    logger,
    quietReqLogger: true,
    wrapSerializers: false,
    serializers: {
      req: (req: IncomingMessage & { originalUrl?: string }) => ({ method: req.method, path: pathOnly(req.originalUrl ?? req.url) }),
      res: (res: ServerResponse) => ({ status: res.statusCode }),
    },
    customAttributeKeys: { responseTime: 'ms' },
    customSuccessMessage: () => 'request',
    customErrorMessage: () => 'request',
    customErrorObject: (_req, _res, _err, val: Record<string, unknown>) => ({ req: val.req, res: val.res, ms: val.ms }),
    customLogLevel: (_req, res, err) => (err || res.statusCode >= 500 ? 'warn' : 'info'),
  });
}

/**
 * helmet's security headers (nosniff, frame and referrer policies, a strict default CSP that the
 * report page replaces with its own), plus no-store: answers are about patients, never cached.
 * Cross-origin reads stay allowed: browser CDS clients on other origins are the point of CORS.
 */
export function securityHeaders(): RequestHandler[] {
  const noStore: RequestHandler = (_req, res, next) => {
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
  // No HSTS: the service speaks plain HTTP behind the TLS terminator, whose decision HSTS is (with
  // includeSubDomains it would bind the organisation's other hosts too).
  return [helmet({ crossOriginResourcePolicy: { policy: 'cross-origin' }, strictTransportSecurity: false }), noStore];
}
