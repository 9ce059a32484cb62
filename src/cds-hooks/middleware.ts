import type { NextFunction, Request, RequestHandler, Response } from 'express';
import type { Logger } from '../logging.js';
import { unauthorized } from './http-problem.js';
import type { RequestAuthenticator } from './jwt-auth.js';

/**
 * CORS for browser-based CDS Clients (e.g. the public CDS Hooks sandbox). Only listed origins get
 * CORS headers; `*` must be listed explicitly. Credentials are never allowed: CDS Hooks
 * authenticates with the Authorization header, so cookies have no business here.
 */
export function corsMiddleware(origins: readonly string[]): RequestHandler {
  const any = origins.includes('*');
  const allowed = new Set(origins);
  return (req, res, next) => {
    res.vary('Origin');
    const origin = req.headers.origin;
    const ok = typeof origin === 'string' && (any || allowed.has(origin));
    if (ok) {
      res.setHeader('Access-Control-Allow-Origin', any ? '*' : origin);
      res.setHeader('Access-Control-Expose-Headers', 'WWW-Authenticate');
    }
    if (req.method === 'OPTIONS') {
      if (ok) {
        res.setHeader('Access-Control-Allow-Methods', 'GET, POST, OPTIONS');
        res.setHeader('Access-Control-Allow-Headers', 'Authorization, Content-Type');
        res.setHeader('Access-Control-Max-Age', '600');
      }
      // Preflights carry no credentials and must not reach authentication.
      res.status(204).end();
      return;
    }
    next();
  };
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

/** One line per request: method, path (service id only), status, duration. Never bodies or headers. */
export function requestLogger(logger: Logger): RequestHandler {
  return (req, res, next) => {
    const started = process.hrtime.bigint();
    res.on('finish', () => {
      const ms = Number(process.hrtime.bigint() - started) / 1e6;
      logger.info(
        { method: req.method, path: req.path, status: res.statusCode, ms: Math.round(ms) },
        'request',
      );
    });
    next();
  };
}

export function securityHeaders(): RequestHandler {
  return (_req, res, next) => {
    res.setHeader('X-Content-Type-Options', 'nosniff');
    res.setHeader('Cache-Control', 'no-store');
    next();
  };
}
