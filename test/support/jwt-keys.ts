import { randomUUID } from 'node:crypto';
import { exportJWK, generateKeyPair, SignJWT, type CryptoKey, type JWK } from 'jose';

export interface SigningKey {
  kid: string;
  alg: string;
  privateKey: CryptoKey;
  publicJwk: JWK;
}

export async function signingKey(
  alg: 'ES384' | 'RS384' | 'ES256' | 'RS256',
  kid = `${alg.toLowerCase()}-${randomUUID().slice(0, 8)}`,
): Promise<SigningKey> {
  const { privateKey, publicKey } = await generateKeyPair(alg, { extractable: true });
  const publicJwk = { ...(await exportJWK(publicKey)), kid, alg, use: 'sig' };
  return { kid, alg, privateKey, publicJwk };
}

export function jwks(...keys: SigningKey[]): { keys: JWK[] } {
  return { keys: keys.map((k) => k.publicJwk) };
}

export interface TokenOptions {
  iss: string;
  aud: string | string[];
  nowS?: number;
  expiresInS?: number;
  iatOffsetS?: number;
  jti?: string;
  omit?: ('exp' | 'iat' | 'jti' | 'kid')[];
  kid?: string;
}

/** A CDS Hooks client JWT (CDS Hooks 2.0 "Trusting CDS Clients"). */
export async function clientJwt(key: SigningKey, o: TokenOptions): Promise<string> {
  const now = o.nowS ?? Math.floor(Date.now() / 1000);
  const payload: Record<string, unknown> = { sub: 'ehr-client' };
  if (!o.omit?.includes('jti')) payload.jti = o.jti ?? randomUUID();
  const jwt = new SignJWT(payload)
    .setProtectedHeader({
      alg: key.alg,
      typ: 'JWT',
      ...(o.omit?.includes('kid') ? {} : { kid: o.kid ?? key.kid }),
    })
    .setIssuer(o.iss)
    .setAudience(o.aud);
  if (!o.omit?.includes('iat')) jwt.setIssuedAt(now + (o.iatOffsetS ?? 0));
  if (!o.omit?.includes('exp')) jwt.setExpirationTime(now + (o.expiresInS ?? 120));
  return jwt.sign(key.privateKey);
}

/** An unsigned (`alg: none`) token, which must always be refused. */
export function unsecuredJwt(payload: Record<string, unknown>, kid = 'any'): string {
  const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
  return `${b64({ alg: 'none', typ: 'JWT', kid })}.${b64(payload)}.`;
}

/** An HMAC-signed token (a shared secret), which CDS Hooks forbids. */
export async function hmacJwt(payload: Record<string, unknown>, kid = 'hmac'): Promise<string> {
  return new SignJWT(payload)
    .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid })
    .sign(new TextEncoder().encode('a-shared-secret-of-32-bytes-len!'));
}
