import type { Parameters } from 'fhir/r4';
import { BadInputError, UserFacingError } from '../../../src/domain/errors.js';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import type { FhirOperationDefinition } from '../../../src/knowledge/contracts.js';
import { bundledEngine } from '../../support/real-engine.js';
import { call, FHIR_JSON, outcomeTexts, startFhir, type RunningFhir } from './fhir-app.js';

/** System-level operation that answers with the Parameters it received (shows the plumbing). */
const echo: FhirOperationDefinition = {
  name: 'echo',
  definition: 'https://example.org/OperationDefinition/echo',
  type: false,
  instance: false,
  documentation: 'test: echoes its input',
  run: async (input) => input,
};

/** Instance-only operation that fails the way it is told to. */
const fail: FhirOperationDefinition = {
  name: 'fail',
  definition: 'https://example.org/OperationDefinition/fail',
  resourceType: 'ResearchStudy',
  type: false,
  instance: true,
  documentation: 'test: throws',
  run: async (input, target) => {
    const how = input.parameter?.find((p) => p.name === 'how')?.valueString;
    if (how === 'bad') throw new BadInputError(`bad input for ${target.id}`);
    if (how === 'missing') throw new BadInputError('no such patient', 'not-found');
    if (how === 'unusable') throw new UserFacingError('cannot use that library', 'processing');
    throw new Error('internal detail that must not leak');
  },
};

const parameters = (...parts: [string, string][]): Parameters => ({
  resourceType: 'Parameters',
  parameter: parts.map(([name, valueString]) => ({ name, valueString })),
});

describe('/fhir operations', () => {
  let engine: LoadedEngine;
  let fhir: RunningFhir;
  beforeAll(async () => {
    engine = await bundledEngine();
    fhir = await startFhir(engine, { operations: [echo, fail] });
  });
  afterAll(() => fhir.close());

  describe('plumbing', () => {
    it('turns GET query parameters into valueString parts (repeats kept, _format dropped)', async () => {
      const res = await call(`${fhir.base}/$echo?a=1&a=2&b=x&_format=json`);
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
      expect(res.body).toEqual(parameters(['a', '1'], ['a', '2'], ['b', 'x']));
    });

    it('passes a POSTed Parameters resource through, under application/fhir+json or application/json', async () => {
      const input = { resourceType: 'Parameters', parameter: [{ name: 'n', valueInteger: 3 }] };
      for (const type of ['application/fhir+json', 'application/json; charset=utf-8']) {
        const res = await call(`${fhir.base}/$echo`, { body: input, headers: { 'Content-Type': type } });
        expect(res.status).toBe(200);
        expect(res.body).toEqual(input);
      }
    });

    it.each([
      [
        'a resource in a GET query',
        'GET',
        '$echo?data=%7B%22resourceType%22%3A%22Bundle%22%7D',
        undefined,
        400,
        /parameter data carries a resource.*POST a Parameters/,
      ],
      [
        'a bare resource POSTed',
        'POST',
        '$echo',
        JSON.stringify({ resourceType: 'Patient' }),
        400,
        /as a Parameters resource \(got a Patient\)/,
      ],
      ['malformed JSON', 'POST', '$echo', '{"resourceType": "Param', 400, /not valid JSON/],
      [
        'query parameters on POST',
        'POST',
        '$echo?x=1',
        JSON.stringify(parameters()),
        400,
        /in the Parameters body, not in the URL \(got x\)/,
      ],
      ['an unknown operation', 'GET', '$nope', undefined, 404, /operation \$nope is not supported here/],
      [
        'an instance operation called on the type',
        'GET',
        'ResearchStudy/$fail',
        undefined,
        400,
        /invoked at instance level: ResearchStudy\/<id>\/\$fail/,
      ],
      [
        'BadInputError',
        'GET',
        'ResearchStudy/ln-cart-5-35/$fail?how=bad',
        undefined,
        400,
        /^bad input for ln-cart-5-35$/,
      ],
      [
        'a not-found error',
        'GET',
        'ResearchStudy/ln-cart-5-35/$fail?how=missing',
        undefined,
        404,
        /^no such patient$/,
      ],
      [
        'a processing error',
        'GET',
        'ResearchStudy/ln-cart-5-35/$fail?how=unusable',
        undefined,
        422,
        /^cannot use that library$/,
      ],
      [
        'an unexpected error',
        'GET',
        'ResearchStudy/ln-cart-5-35/$fail?how=crash',
        undefined,
        500,
        /^internal error while handling the request$/,
      ],
      ['PUT on an operation', 'PUT', '$echo', JSON.stringify(parameters()), 405, /invoked with GET or POST/],
    ])('answers %s with an OperationOutcome', async (_label, method, path, rawBody, status, text) => {
      const res = await call(`${fhir.base}/${path}`, {
        method,
        ...(rawBody === undefined ? {} : { rawBody }),
      });
      expect(res.status).toBe(status);
      expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
      expect(outcomeTexts(res.body).join(' ')).toMatch(text);
      expect(res.text).not.toMatch(/internal detail|\.ts:\d+/);
    });

    it('refuses a POST body that is not JSON with 415', async () => {
      const res = await call(`${fhir.base}/$echo`, {
        rawBody: 'url=x',
        headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      });
      expect(res.status).toBe(415);
      expect(outcomeTexts(res.body)[0]).toMatch(/application\/fhir\+json or application\/json/);
    });
  });

  describe('ValueSet/$expand', () => {
    const url = 'urn:trialcds:valueset:dx-sle';
    const codes = () => engine.valueSets.get(url)!.codes;

    it('expands by url with every code, a urn:uuid identifier, timestamp and total', async () => {
      const res = await call(`${fhir.base}/ValueSet/$expand?url=${encodeURIComponent(url)}`);
      expect(res.status).toBe(200);
      expect(res.body).toMatchObject({ resourceType: 'ValueSet', id: 'dx-sle', url });
      const { expansion } = res.body;
      expect(expansion.identifier).toMatch(/^urn:uuid:[0-9a-f-]{36}$/);
      expect(Number.isNaN(Date.parse(expansion.timestamp))).toBe(false);
      expect(expansion.total).toBe(codes().length);
      expect(expansion.offset).toBe(0);
      expect(expansion.contains).toEqual(
        codes().map((c) => ({
          system: c.system,
          code: c.code,
          ...(c.display ? { display: c.display } : {}),
        })),
      );
    });

    it('filters on display or code (case-insensitive substring), then pages with offset and count', async () => {
      const all = codes();
      const word = all.find((c) => c.display)!.display!.split(' ')[0]!;
      const expected = all.filter(
        (c) =>
          c.display?.toLowerCase().includes(word.toLowerCase()) ||
          c.code.toLowerCase().includes(word.toLowerCase()),
      );
      const q = `url=${encodeURIComponent(url)}&filter=${encodeURIComponent(word.toUpperCase())}&offset=1&count=2`;
      const res = await call(`${fhir.base}/ValueSet/$expand?${q}`);
      expect(res.status).toBe(200);
      const { expansion } = res.body;
      expect(expansion.total).toBe(expected.length);
      expect(expansion.contains.map((c: { code: string }) => c.code)).toEqual(
        expected.slice(1, 3).map((c) => c.code),
      );
      expect(expansion.parameter).toEqual([
        { name: 'filter', valueString: word.toUpperCase() },
        { name: 'offset', valueInteger: 1 },
        { name: 'count', valueInteger: 2 },
      ]);
    });

    it('expands an instance from a POSTed Parameters (valueInteger count)', async () => {
      const res = await call(`${fhir.base}/ValueSet/dx-sle/$expand`, {
        body: { resourceType: 'Parameters', parameter: [{ name: 'count', valueInteger: 1 }] },
      });
      expect(res.status).toBe(200);
      expect(res.body.expansion.contains).toHaveLength(1);
      expect(res.body.expansion.total).toBe(codes().length);
    });

    it('honours valueSetVersion', async () => {
      const version = engine.valueSets.get(url)!.version;
      const ok = await call(
        `${fhir.base}/ValueSet/$expand?url=${encodeURIComponent(url)}&valueSetVersion=${version}`,
      );
      expect(ok.status).toBe(200);
      const wrong = await call(
        `${fhir.base}/ValueSet/$expand?url=${encodeURIComponent(url)}&valueSetVersion=0.0.0-none`,
      );
      expect(wrong.status).toBe(404);
      expect(outcomeTexts(wrong.body)[0]).toBe(`no value set ${url} version 0.0.0-none is known`);
    });

    it.each([
      ['an unknown url', 'ValueSet/$expand?url=urn:x:nothing', 404, /no value set urn:x:nothing is known/],
      ['an unknown id', 'ValueSet/nothing/$expand', 404, /ValueSet\/nothing is not known/],
      ['no url', 'ValueSet/$expand', 400, /needs a url parameter/],
      [
        'a negative count',
        'ValueSet/dx-sle/$expand?count=-1',
        400,
        /count must be a non-negative integer \(got "-1"\)/,
      ],
      [
        'an unknown parameter',
        'ValueSet/dx-sle/$expand?activeOnly=true',
        400,
        /\$expand does not take parameter activeOnly/,
      ],
    ])('answers %s with an OperationOutcome', async (_label, path, status, text) => {
      const res = await call(`${fhir.base}/${path}`);
      expect(res.status).toBe(status);
      expect(outcomeTexts(res.body)[0]).toMatch(text);
    });
  });

  describe('Library/$data-requirements', () => {
    const trial = () => engine.trials.find((t) => t.manifest.id === 'ln-cart-5-35')!;

    it('gives a module-definition Library: depends-on libraries and value sets, Observation code filters by value set', async () => {
      const res = await call(`${fhir.base}/Library/LnCart535/$data-requirements`);
      expect(res.status).toBe(200);
      const lib = res.body;
      expect(lib.resourceType).toBe('Library');
      expect(lib.type.coding[0]).toEqual({
        system: 'http://terminology.hl7.org/CodeSystem/library-type',
        code: 'module-definition',
      });
      const related: string[] = lib.relatedArtifact.map((r: { type: string; resource: string }) => {
        expect(r.type).toBe('depends-on');
        return r.resource;
      });
      expect(related).toEqual(
        expect.arrayContaining([
          'https://trialcds.org/fhir/Library/FHIRHelpers|4.0.1',
          expect.stringMatching(/^https:\/\/trialcds\.org\/fhir\/Library\/Eligibility\|/),
        ]),
      );
      const observation = lib.dataRequirement.find((d: { type: string }) => d.type === 'Observation');
      expect(observation.profile).toEqual(['http://hl7.org/fhir/StructureDefinition/Observation']);
      const expected = trial().dataRequirements.find((d) => d.type === 'Observation')!;
      expect(expected.codeFilters.length).toBeGreaterThan(0);
      expect(observation.codeFilter).toEqual(
        expected.codeFilters.map((f) => ({ path: f.path, valueSet: f.valueSet })),
      );
      for (const f of expected.codeFilters) {
        expect(related).toContainEqual(
          expect.stringMatching(new RegExp(`^${f.valueSet!.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}(\\||$)`)),
        );
      }
      expect(lib.dataRequirement.map((d: { type: string }) => d.type)).toEqual(
        trial().dataRequirements.map((d) => d.type),
      );
    });

    it('answers the same at type level with url, and with POST', async () => {
      const byId = await call(`${fhir.base}/Library/LnCart535/$data-requirements`);
      const libUrl = 'https://trialcds.org/fhir/Library/LnCart535';
      const byUrl = await call(`${fhir.base}/Library/$data-requirements?url=${encodeURIComponent(libUrl)}`);
      expect(byUrl.status).toBe(200);
      expect(byUrl.body).toEqual(byId.body);
      const posted = await call(`${fhir.base}/Library/$data-requirements`, {
        body: { resourceType: 'Parameters', parameter: [{ name: 'url', valueCanonical: `${libUrl}|0.1.0` }] },
      });
      expect(posted.status).toBe(200);
      expect(posted.body).toEqual(byId.body);
    });

    it.each([
      ['an unknown library', 'Library/Nope/$data-requirements', 404, /Library\/Nope is not known/],
      [
        'an unknown url',
        'Library/$data-requirements?url=https://x.org/Library/Nope',
        404,
        /no library https:\/\/x.org\/Library\/Nope is known/,
      ],
      ['no url', 'Library/$data-requirements', 400, /needs a url parameter/],
    ])('answers %s with an OperationOutcome', async (_label, path, status, text) => {
      const res = await call(`${fhir.base}/${path}`);
      expect(res.status).toBe(status);
      expect(outcomeTexts(res.body)[0]).toMatch(text);
    });
  });
});
