import { createHash, timingSafeEqual } from 'node:crypto';
import type { RequestHandler } from 'express';
import type { Logger } from '../logging.js';
import { HttpProblem, unauthorized } from './http-problem.js';

/** SHA-256 of the operator's admin token (the token itself is not kept in memory longer than this). */
export function adminTokenDigest(token: string): Buffer {
  return createHash('sha256').update(token, 'utf8').digest();
}

/**
 * `/admin/*` and `POST /fhir` (trial upload) change or reveal what the service does for everyone;
 * every EHR's hook calls carry a CDS-client JWT, so that JWT must not open them. With JWT
 * authentication on they take the operator's own credential: `Authorization: Bearer <admin token>`
 * (TRIALCDS_ADMIN_TOKEN). Without a configured token they are off (403).
 */
export function adminAuthMiddleware(digest: Buffer | undefined, logger: Logger): RequestHandler {
  return (req, _res, next) => {
    if (!digest) {
      next(new HttpProblem(403, [{ code: 'forbidden', text: 'administration endpoints are off: the operator has configured no admin credential (TRIALCDS_ADMIN_TOKEN)' }]));
      return;
    }
    const header = req.headers.authorization;
    const token = typeof header === 'string' ? /^Bearer\s+(\S+)$/i.exec(header)?.[1] : undefined;
    if (!token || !timingSafeEqual(adminTokenDigest(token), digest)) {
      logger.warn({ path: req.path }, 'rejected an administration call without the admin credential');
      next(unauthorized());
      return;
    }
    next();
  };
}
