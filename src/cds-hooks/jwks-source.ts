import { readFile } from 'node:fs/promises';
import {
  createLocalJWKSet,
  createRemoteJWKSet,
  errors,
  type JSONWebKeySet,
  type JWTVerifyGetKey,
} from 'jose';
import type { TrustedIssuer } from '../config.js';

export interface JwksOptions {
  /** Minimum time between two refreshes triggered by an unknown `kid` (key rotation). */
  refreshCooldownMs?: number;
  /** How long fetched keys are trusted before they are fetched again. */
  cacheMaxAgeMs?: number;
  fetchTimeoutMs?: number;
}

/**
 * Key lookup for one trusted issuer, by `kid`. Keys come only from the configured location: a
 * JWT's own `jku` header is never followed (it would let a token name its own keys). Both sources
 * re-read their JWK Set when a token names a `kid` they do not know, so issuers can rotate keys.
 */
export function jwksKeyResolver(issuer: TrustedIssuer, options: JwksOptions = {}): JWTVerifyGetKey {
  const cooldown = options.refreshCooldownMs ?? 30_000;
  if (issuer.jwks.kind === 'url') {
    return createRemoteJWKSet(new URL(issuer.jwks.url), {
      cooldownDuration: cooldown,
      cacheMaxAge: options.cacheMaxAgeMs ?? 10 * 60_000,
      timeoutDuration: options.fetchTimeoutMs ?? 5000,
    });
  }
  return fileKeyResolver(issuer.jwks.path, cooldown);
}

function fileKeyResolver(path: string, cooldownMs: number): JWTVerifyGetKey {
  let current: { resolve: JWTVerifyGetKey; readAt: number } | undefined;
  const load = async () => {
    const jwks = JSON.parse(await readFile(path, 'utf8')) as JSONWebKeySet;
    current = { resolve: createLocalJWKSet(jwks), readAt: Date.now() };
    return current;
  };
  return async (header, token) => {
    const keys = current ?? (await load());
    try {
      return await keys.resolve(header, token);
    } catch (err) {
      const stale = Date.now() - keys.readAt >= cooldownMs;
      if (!(err instanceof errors.JWKSNoMatchingKey) || !stale) throw err;
      return (await load()).resolve(header, token);
    }
  };
}
