/**
 * Whether the service may send requests to a caller-named FHIR server (SSRF guard), shared by the
 * hook fallback fetch, screening jobs and the /fhir operations. A listed prefix always decides.
 * With no list: a CDS Hooks call may use the EHR's own `fhirServer` (`anyWhenUnlisted`), while a
 * screening job or a /fhir operation — which a caller could aim at any URL — is allowed only in
 * development mode. Returns the refusal, or undefined when allowed.
 */
export function fhirServerRefusal(fhirServer: string, allowlist: readonly string[], anyWhenUnlisted: boolean): string | undefined {
  if (!/^https?:\/\//i.test(fhirServer)) return `fhirServer "${fhirServer}" is not an http(s) URL`;
  const allowed = allowlist.length > 0 ? allowlist.some((prefix) => fhirServer.startsWith(prefix)) : anyWhenUnlisted;
  return allowed ? undefined : 'fhirServer is not on this service’s allowlist';
}
