/**
 * Whether the service may send requests to a caller-named FHIR server (SSRF guard), shared by the
 * hook fallback fetch, screening jobs and the /fhir operations. A listed entry always decides: the
 * URL must have the entry's exact origin (scheme, host, port) and a path under the entry's path,
 * and no user-info (`https://ehr.example.org.evil.com`, `https://ehr.example.org@evil.com` and
 * `…/fhir/../admin` do not pass a `https://ehr.example.org/fhir` entry). With no list: a CDS Hooks
 * call may use the EHR's own `fhirServer` (`anyWhenUnlisted`), while a screening job or a /fhir
 * operation — which a caller could aim at any URL — is allowed only in development mode.
 * Returns the refusal, or undefined when allowed.
 */
export function fhirServerRefusal(fhirServer: string, allowlist: readonly string[], anyWhenUnlisted: boolean): string | undefined {
  const url = parseHttpUrl(fhirServer);
  if (!url) return `fhirServer "${fhirServer}" is not an http(s) URL`;
  if (url.username || url.password) return 'fhirServer must not carry user information';
  const allowed = allowlist.length > 0 ? allowlist.some((entry) => isUnder(url, entry)) : anyWhenUnlisted;
  return allowed ? undefined : 'fhirServer is not on this service’s allowlist';
}

function parseHttpUrl(text: string): URL | undefined {
  try {
    const url = new URL(text);
    return url.protocol === 'http:' || url.protocol === 'https:' ? url : undefined;
  } catch {
    return undefined;
  }
}

/** Same origin as `entry`, and a path equal to or below its path (paths compared normalised). */
function isUnder(url: URL, entry: string): boolean {
  const base = parseHttpUrl(entry);
  if (!base) return false;
  if (url.origin !== base.origin) return false;
  const prefix = base.pathname.replace(/\/+$/, '');
  return prefix === '' || url.pathname === prefix || url.pathname.startsWith(`${prefix}/`);
}
