// Inputs a reviewer found to crash or mislead the /fhir endpoint: each must be a precise 4xx
// OperationOutcome (or a correct answer), never a 500.
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { call, outcomeTexts, startCds, testConfig, type RunningCds } from '../../support/cds-server.js';
import { bundledEngine, expanderOf } from '../../support/real-engine.js';

let engine: LoadedEngine;
let cds: RunningCds;
beforeAll(async () => {
  engine = await bundledEngine();
  cds = await startCds({ engine, expandValueSet: expanderOf(engine) });
}, 60_000);
afterAll(() => cds.close());

const cql = (parameter: unknown) => call(`${cds.url}/fhir/$cql`, { body: { resourceType: 'Parameters', parameter } });

describe('/fhir refuses malformed input precisely', () => {
  it.each([
    ['parameter that is not a list', { name: 'expression' }, /Parameters\.parameter must be a list/],
    ['a null parameter', [null], /Parameters\.parameter\[0\] must be an object/],
    ['a parameter without a name', [{ valueString: '1' }], /Parameters\.parameter\[0\]\.name must be a non-empty string/],
    ['part that is not a list', [{ name: 'library', part: { name: 'url' } }], /Parameters\.parameter\[0\]\.part must be a list/],
    [
      'a nested Parameters with a numeric name',
      [{ name: 'expression', valueString: '1' }, { name: 'parameters', resource: { resourceType: 'Parameters', parameter: [{ name: 5 }] } }],
      /parameter\[1\]\.resource\.parameter\[0\]\.name must be a non-empty string/,
    ],
  ])('%s', async (_what, parameter, message) => {
    const res = await cql(parameter);
    expect(res.status).toBe(400);
    expect(outcomeTexts(res.body).join(' ')).toMatch(message);
  });

  it('an expression too long or too deeply nested for the translator', async () => {
    const long = await cql([{ name: 'expression', valueString: Array.from({ length: 6000 }, () => '1').join('+') }]);
    expect(long.status).toBe(400);
    expect(outcomeTexts(long.body)[0]).toMatch(/longer than 10000 characters/);
    const deep = await cql([{ name: 'expression', valueString: `${'('.repeat(500)}1${')'.repeat(500)}` }]);
    expect(deep.status).toBe(400);
    expect(outcomeTexts(deep.body)[0]).toMatch(/nests deeper than 100 levels/);
  });

  it('a body nested thousands of levels deep', async () => {
    const n = 3000;
    const patient = `{"resourceType":"Patient","id":"p","extension":[${'{"extension":['.repeat(n)}{"url":"x"}${']}'.repeat(n)}]}`;
    const rawBody = `{"resourceType":"Parameters","parameter":[{"name":"expression","valueString":"1"},{"name":"data","resource":{"resourceType":"Bundle","type":"collection","entry":[{"resource":${patient}}]}}]}`;
    const res = await call(`${cds.url}/fhir/$cql`, { rawBody, headers: { 'Content-Type': 'application/fhir+json' } });
    expect(res.status).toBe(400);
    expect(outcomeTexts(res.body)[0]).toMatch(/nests deeper than 100 levels/);
  });

  it('a credential in a URL, and a malformed URL escape', async () => {
    const token = await call(`${cds.url}/fhir/ResearchStudy/NCT06789107/$evaluate-eligibility?subject=Patient/p&fhirServer=https://x.example/fhir&fhirAuthorization=Bearer%20secret`);
    expect(token.status).toBe(400);
    expect(outcomeTexts(token.body)[0]).toMatch(/fhirAuthorization is a credential/);
    const escape = await call(`${cds.url}/fhir/Library/%E0%A4%A`);
    expect(escape.status).toBe(400);
    outcomeTexts(escape.body);
  });

  it('a CQL list literal in a GET query is an expression, not a resource', async () => {
    const res = await call(`${cds.url}/fhir/$cql?expression=${encodeURIComponent('{1, 2}')}`);
    expect(res.status).toBe(200);
    expect(res.body.parameter.map((p: { valueInteger: number }) => p.valueInteger)).toEqual([1, 2]);
  });
});

describe('$cql runs caller-written CQL, so it is served only where configured', () => {
  it('is neither advertised nor served when cqlOperation is off', async () => {
    const off = await startCds({ engine, expandValueSet: expanderOf(engine), config: testConfig({ cqlOperation: false }) });
    try {
      const metadata = await call(`${off.url}/fhir/metadata`);
      expect(JSON.stringify(metadata.body)).not.toContain('$cql');
      expect(JSON.stringify(metadata.body)).toContain('evaluate-eligibility');
      expect((await call(`${off.url}/fhir/$cql?expression=1`)).status).toBe(404);
    } finally {
      await off.close();
    }
  });
});

describe('operations refuse parameters they do not take (a typo is not silently ignored)', () => {
  it.each([
    ['$cql', '/fhir/$cql', [{ name: 'expression', valueString: '1' }, { name: 'subjet', valueString: 'Patient/p' }]],
    ['Library/$evaluate', '/fhir/Library/Eligibility/$evaluate', [{ name: 'bogus', valueString: 'x' }]],
    ['$evaluate-eligibility', '/fhir/ResearchStudy/NCT06789107/$evaluate-eligibility', [{ name: 'asof', valueString: '2026-01-01' }]],
  ])('%s', async (_op, path, parameter) => {
    const res = await call(`${cds.url}${path}`, { body: { resourceType: 'Parameters', parameter } });
    expect(res.status).toBe(400);
    expect(outcomeTexts(res.body)[0]).toMatch(/does not take parameter (subjet|bogus|asof)/);
  });
});

it('instance $expand refuses a url naming another value set', async () => {
  const res = await call(`${cds.url}/fhir/ValueSet/dx-sle/$expand?url=${encodeURIComponent('http://other.example/vs')}`);
  expect(res.status).toBe(400);
  expect(outcomeTexts(res.body)[0]).toMatch(/ValueSet\/dx-sle is urn:trialcds:valueset:dx-sle/);
  expect((await call(`${cds.url}/fhir/ValueSet/dx-sle/$expand?url=${encodeURIComponent('urn:trialcds:valueset:dx-sle')}`)).status).toBe(200);
});
