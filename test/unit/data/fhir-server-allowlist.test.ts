import { fhirServerRefusal } from '../../../src/data/fhir-server-allowlist.js';

const LIST = ['https://ehr.example.org/fhir', 'http://127.0.0.1:8080/'];

describe('fhirServerRefusal (SSRF guard for caller-named FHIR servers)', () => {
  it.each([
    'https://ehr.example.org/fhir',
    'https://ehr.example.org/fhir/',
    'https://ehr.example.org/fhir/R4',
    'https://EHR.example.org/fhir',
    'http://127.0.0.1:8080/anything',
  ])('allows %s', (url) => {
    expect(fhirServerRefusal(url, LIST, false)).toBeUndefined();
  });

  it.each([
    ['another host sharing the prefix', 'https://ehr.example.org.evil.com/fhir'],
    ['user-info before the host', 'https://ehr.example.org@evil.com/fhir'],
    ['a path that climbs out', 'https://ehr.example.org/fhir/../admin'],
    ['a sibling path', 'https://ehr.example.org/fhirx'],
    ['another port', 'http://127.0.0.1:8081/'],
    ['another scheme', 'http://ehr.example.org/fhir'],
  ])('refuses %s', (_why, url) => {
    expect(fhirServerRefusal(url, LIST, false)).toMatch(/allowlist|user information/);
  });

  it('refuses what is not an http(s) URL, whatever the list', () => {
    expect(fhirServerRefusal('file:///etc/passwd', [], true)).toMatch(/not an http\(s\) URL/);
    expect(fhirServerRefusal('not a url', LIST, true)).toMatch(/not an http\(s\) URL/);
  });

  it('with no list: any server only when the caller may name one (the EHR in a hook, development mode)', () => {
    expect(fhirServerRefusal('https://anywhere.example/fhir', [], true)).toBeUndefined();
    expect(fhirServerRefusal('https://anywhere.example/fhir', [], false)).toMatch(/allowlist/);
  });
});
