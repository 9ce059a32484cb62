import { decodeJwt, decodeProtectedHeader, jwtVerify, type JWTVerifyGetKey } from 'jose';
import type { AuthConfig, TrustedIssuer } from '../config.js';
import { jwksKeyResolver, type JwksOptions } from './jwks-source.js';
import { ReplayCache } from './replay-cache.js';

/**
 * Signature algorithms accepted for CDS Client JWTs. CDS Hooks 2.0 recommends ES384 and RS384;
 * other asymmetric JWS algorithms are accepted too. `none` and HMAC (HS*) are never accepted:
 * the spec forbids them (no signature / a shared secret cannot identify a client).
 */
export const ACCEPTED_ALGORITHMS = [
  'ES384',
  'RS384',
  'ES256',
  'ES512',
  'RS256',
  'RS512',
  'PS256',
  'PS384',
  'PS512',
  'EdDSA',
];

export type AuthOutcome = { ok: true; issuer: string; subject?: string } | { ok: false; reason: string };

export interface RequestAuthenticator {
  /** Checks an `Authorization` header against the exact URL of the endpoint being called. */
  authenticate(authorization: string | undefined, audience: string): Promise<AuthOutcome>;
}

export interface JwtAuthOptions extends JwksOptions {
  now?: () => number;
  /** Resolver per issuer; tests inject their own, production builds them from config. */
  resolvers?: Map<string, JWTVerifyGetKey>;
}

/** CDS Hooks 2.0 "Trusting CDS Clients": signed JWT, trusted iss, exact aud, exp/iat, unique jti. */
export function createJwtAuthenticator(
  auth: Extract<AuthConfig, { mode: 'jwt' }>,
  options: JwtAuthOptions = {},
): RequestAuthenticator {
  const now = options.now ?? Date.now;
  const resolvers =
    options.resolvers ??
    new Map(auth.issuers.map((i: TrustedIssuer) => [i.iss, jwksKeyResolver(i, options)]));
  const replay = new ReplayCache(now);
  const tolerance = auth.clockToleranceSeconds;

  return {
    async authenticate(authorization, audience) {
      const token = bearerToken(authorization);
      if (!token) return { ok: false, reason: 'no bearer token' };
      const pre = precheck(token);
      if (typeof pre === 'string') return { ok: false, reason: pre };
      const resolve = resolvers.get(pre.iss);
      if (!resolve) return { ok: false, reason: 'untrusted issuer' };
      let payload;
      try {
        ({ payload } = await jwtVerify(token, resolve, {
          algorithms: ACCEPTED_ALGORITHMS,
          issuer: pre.iss,
          audience,
          clockTolerance: tolerance,
          currentDate: new Date(now()),
          requiredClaims: ['iss', 'aud', 'exp', 'iat', 'jti'],
        }));
      } catch (err) {
        return { ok: false, reason: `verification failed (${(err as { code?: string }).code ?? 'error'})` };
      }
      const nowS = now() / 1000;
      const { exp, iat, jti } = payload as { exp: number; iat: number; jti: unknown };
      if (typeof jti !== 'string' || jti.length === 0) return { ok: false, reason: 'jti is not a string' };
      if (iat > nowS + tolerance) return { ok: false, reason: 'iat in the future' };
      if (exp - iat > auth.maxLifetimeSeconds + tolerance)
        return { ok: false, reason: 'token lifetime too long' };
      if (!replay.remember(`${pre.iss}\n${jti}`, (exp + tolerance) * 1000))
        return { ok: false, reason: 'jti replayed' };
      return {
        ok: true,
        issuer: pre.iss,
        ...(typeof payload.sub === 'string' ? { subject: payload.sub } : {}),
      };
    },
  };
}

function bearerToken(header: string | undefined): string | undefined {
  const m = /^Bearer\s+([A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]+\.[A-Za-z0-9\-_]*)\s*$/i.exec(header ?? '');
  return m?.[1];
}

/** Header and issuer checks before any key lookup, so a bad token never triggers a JWKS fetch. */
function precheck(token: string): { iss: string } | string {
  try {
    const header = decodeProtectedHeader(token);
    if (typeof header.alg !== 'string' || !ACCEPTED_ALGORITHMS.includes(header.alg))
      return 'algorithm not accepted';
    if (typeof header.kid !== 'string' || header.kid.length === 0) return 'no kid';
    if (header.typ !== undefined && header.typ.toUpperCase() !== 'JWT') return 'typ is not JWT';
    const { iss } = decodeJwt(token);
    return typeof iss === 'string' ? { iss } : 'no iss';
  } catch {
    return 'malformed token';
  }
}
