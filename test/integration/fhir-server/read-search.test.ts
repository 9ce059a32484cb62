import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { bundledEngine } from '../../support/real-engine.js';
import { call, FHIR_JSON, outcomeTexts, startFhir, type RunningFhir } from './fhir-app.js';

interface Entry {
  fullUrl: string;
  resource: { resourceType: string; id: string };
  search: { mode: string };
}

describe('/fhir read and search over the bundled trials', () => {
  let engine: LoadedEngine;
  let fhir: RunningFhir;
  beforeAll(async () => {
    engine = await bundledEngine();
    fhir = await startFhir(engine);
  });
  afterAll(() => fhir.close());

  const ids = async (path: string): Promise<string[]> => {
    const res = await call(`${fhir.base}/${path}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
    expect(res.body).toMatchObject({ resourceType: 'Bundle', type: 'searchset' });
    expect(res.body.total).toBe(res.body.entry.length);
    return (res.body.entry as Entry[]).map((e) => e.resource.id);
  };

  it.each([
    ['ResearchStudy', 'ln-cart-5-35'],
    ['Group', 'ln-cart-5-35-criteria'],
    ['Library', 'LnCart535'],
    ['ValueSet', 'dx-sle'],
  ])('reads %s/%s as FHIR JSON', async (type, id) => {
    const res = await call(`${fhir.base}/${type}/${id}`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
    expect(res.body).toMatchObject({ resourceType: type, id });
  });

  it('publishes one entry per trial for ResearchStudy and Group, shared libraries and value sets once', async () => {
    const trialIds = engine.trials.map((t) => t.manifest.id);
    expect((await ids('ResearchStudy')).sort()).toEqual([...trialIds].sort());
    expect(await ids('Group')).toHaveLength(trialIds.length);
    const libraries = await ids('Library');
    expect(libraries.filter((id) => id === 'FHIRHelpers')).toHaveLength(1);
    expect(libraries.filter((id) => id === 'Eligibility')).toHaveLength(1);
    const valueSets = await ids('ValueSet');
    expect(new Set(valueSets).size).toBe(valueSets.length);
  });

  it('gives every search match an absolute fullUrl and search.mode = match', async () => {
    const res = await call(`${fhir.base}/Library?name=Eligibility`);
    expect(res.body.entry).toEqual([
      expect.objectContaining({ fullUrl: `${fhir.base}/Library/Eligibility`, search: { mode: 'match' } }),
    ]);
    expect(res.body.link[0]).toEqual({ relation: 'self', url: `${fhir.base}/Library?name=Eligibility` });
  });

  it('searches libraries by url, url|version, version, name (starts-with, any case), title, status, _id', async () => {
    const url = 'https://trialcds.org/fhir/Library/Eligibility';
    expect(await ids(`Library?url=${encodeURIComponent(url)}`)).toEqual(['Eligibility']);
    expect(await ids(`Library?url=${encodeURIComponent(`${url}|0.1.0`)}`)).toEqual(['Eligibility']);
    expect(await ids(`Library?url=${encodeURIComponent(`${url}|9.9.9`)}`)).toEqual([]);
    expect(await ids(`Library?url=${encodeURIComponent(url)}&version=4.0.1`)).toEqual([]);
    expect(await ids('Library?version=4.0.1')).toEqual(['FHIRHelpers']);
    expect(await ids('Library?name=fhirhel')).toEqual(['FHIRHelpers']);
    expect(await ids('Library?name=Helpers')).toEqual([]);
    expect(await ids('Library?name:contains=helpers')).toEqual(['FHIRHelpers']);
    expect(await ids('Library?name:exact=fhirhelpers')).toEqual([]);
    expect(await ids('Library?_id=LnCart535,Eligibility')).toEqual(
      expect.arrayContaining(['LnCart535', 'Eligibility']),
    );
    expect(await ids('Library?status=retired')).toEqual([]);
    expect((await ids('Library?status=active')).length).toBeGreaterThanOrEqual(3);
  });

  it('searches value sets by name and title, case- and accent-insensitively, with AND across repeats', async () => {
    expect(await ids('ValueSet?name=DxSle')).toEqual(['dx-sle']);
    expect(await ids('ValueSet?title=systemic%20LUPUS')).toContain('dx-sle');
    expect(await ids('ValueSet?name=Dx&name=DxSle')).toEqual(['dx-sle']);
    expect(await ids('ValueSet?url=urn:trialcds:valueset:dx-sle')).toEqual(['dx-sle']);
    expect(await ids('ValueSet?url=urn:trialcds:valueset:no-such-thing')).toEqual([]);
  });

  it('searches research studies by identifier as system|value, |value-less system, or value alone', async () => {
    expect(await ids('ResearchStudy?identifier=https://clinicaltrials.gov|NCT07233642')).toEqual([
      'NCT07233642',
    ]);
    expect(await ids('ResearchStudy?identifier=NCT07233642')).toEqual(['NCT07233642']);
    expect(await ids('ResearchStudy?identifier=https://clinicaltrials.gov|')).toEqual(
      expect.arrayContaining(['NCT07233642', 'NCT06789107']),
    );
    expect(await ids('ResearchStudy?identifier=https://example.org|NCT07233642')).toEqual([]);
    expect(await ids('ResearchStudy?title=car-t%20therapy')).toEqual(['ln-cart-5-35']);
    expect(await ids('Group?_id=ln-cart-5-35-criteria')).toEqual(['ln-cart-5-35-criteria']);
  });

  it('tolerates _format=json and application/fhir+json', async () => {
    expect(await ids('Library?_format=json&name=Eligibility')).toEqual(['Eligibility']);
    const res = await call(
      `${fhir.base}/Library/Eligibility?_format=${encodeURIComponent('application/fhir+json')}`,
    );
    expect(res.status).toBe(200);
  });

  it.each([
    [
      'unknown search parameter',
      'Library?publisher=x',
      400,
      /unknown search parameter "publisher" for Library.*strictly.*supported: _id, url/,
    ],
    ['search parameter not on this type', 'Group?url=x', 400, /unknown search parameter "url" for Group/],
    ['_count (no paging)', 'ValueSet?_count=10', 400, /unknown search parameter "_count"/],
    ['unsupported modifier', 'Library?url:below=x', 400, /modifier :below is not supported/],
    ['unknown id', 'Library/NoSuchLibrary', 404, /Library\/NoSuchLibrary is not known/],
    [
      'unknown type (search)',
      'Patient?name=x',
      404,
      /resource type Patient is not served here; served: ResearchStudy, Group, Library, ValueSet/,
    ],
    ['unknown type (read)', 'Observation/1', 404, /resource type Observation is not served/],
    ['unsupported _format', 'Library?_format=xml', 406, /serves JSON only/],
    [
      'too deep a path',
      'Library/Eligibility/_history/1',
      404,
      /no FHIR route for GET \/fhir\/Library\/Eligibility\/_history\/1/,
    ],
  ])('answers %s with an OperationOutcome', async (_label, path, status, text) => {
    const res = await call(`${fhir.base}/${path}`);
    expect(res.status).toBe(status);
    expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
    expect(outcomeTexts(res.body).join(' ')).toMatch(text);
    expect(res.text).not.toMatch(/\bat .*\.ts:\d+/);
  });

  it.each([
    ['PUT', 'Library/Eligibility', 'GET'],
    ['DELETE', 'Library/Eligibility', 'GET'],
    ['POST', 'Library', 'GET'],
    ['GET', '', 'POST'],
    ['POST', 'metadata', 'GET'],
  ])('answers %s /fhir/%s with 405 and Allow', async (method, path, allow) => {
    const res = await call(`${fhir.base}/${path}`, {
      method,
      ...(method === 'GET' || method === 'DELETE' ? {} : { body: {} }),
    });
    expect(res.status).toBe(405);
    expect(res.headers.get('allow')).toBe(allow);
    expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
    outcomeTexts(res.body);
  });
});
