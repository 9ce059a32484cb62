import type { CapabilityStatement, CapabilityStatementRestResource } from 'fhir/r4';
import { readFileSync } from 'node:fs';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import type { FhirOperationDefinition } from '../../../src/knowledge/contracts.js';
import { bundledEngine } from '../../support/real-engine.js';
import { call, FHIR_JSON, startFhir, type RunningFhir } from './fhir-app.js';

const packageVersion = (
  JSON.parse(readFileSync(new URL('../../../package.json', import.meta.url), 'utf8')) as { version: string }
).version;

/** A system-level operation standing in for the ones another module contributes ($cql …). */
const ping: FhirOperationDefinition = {
  name: 'ping',
  definition: 'https://example.org/OperationDefinition/ping',
  type: false,
  instance: false,
  documentation: 'test: answers an empty Parameters',
  run: async () => ({ resourceType: 'Parameters' }),
};

/**
 * A value of the first published resource for a search parameter, so that the search must find it;
 * undefined when that resource lacks the element (our Groups carry no identifier).
 */
function sampleValue(resource: Record<string, unknown>, param: string): string | undefined {
  if (param === '_id') return String(resource.id);
  if (param === 'identifier') {
    const first = (resource.identifier as { system: string; value: string }[] | undefined)?.[0];
    return first && `${first.system}|${first.value}`;
  }
  return typeof resource[param] === 'string' ? resource[param] : undefined;
}

describe('/fhir/metadata', () => {
  let engine: LoadedEngine;
  let fhir: RunningFhir;
  let cs: CapabilityStatement;
  beforeAll(async () => {
    engine = await bundledEngine();
    fhir = await startFhir(engine, { operations: [ping] });
    const res = await call(`${fhir.base}/metadata`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
    cs = res.body as CapabilityStatement;
  });
  afterAll(() => fhir.close());

  const rest = () => cs.rest![0]!;
  const resource = (type: string) => rest().resource!.find((r) => r.type === type)!;

  it('is an active instance CapabilityStatement for FHIR 4.0.1 JSON, naming trialcds and its version', () => {
    expect(cs).toMatchObject({
      resourceType: 'CapabilityStatement',
      status: 'active',
      kind: 'instance',
      fhirVersion: '4.0.1',
      software: { name: 'trialcds', version: packageVersion },
    });
    expect(cs.format).toContain('json');
    expect(cs.implementation?.url).toBeUndefined();
    expect(rest().mode).toBe('server');
    expect(rest().documentation).toMatch(/_count.*not supported/);
  });

  it('lists exactly the four knowledge types, the built-in operations and the given ones', () => {
    expect(rest().resource!.map((r) => r.type)).toEqual(['ResearchStudy', 'Group', 'Library', 'ValueSet']);
    expect(resource('Library').operation).toEqual([
      expect.objectContaining({
        name: 'data-requirements',
        definition: 'http://hl7.org/fhir/OperationDefinition/Library-data-requirements',
      }),
    ]);
    expect(resource('ValueSet').operation).toEqual([
      expect.objectContaining({
        name: 'expand',
        definition: 'http://hl7.org/fhir/OperationDefinition/ValueSet-expand',
      }),
    ]);
    expect(rest().operation).toEqual([
      { name: 'ping', definition: ping.definition, documentation: ping.documentation },
    ]);
  });

  it('does not advertise the transaction interaction when trial upload is off', () => {
    expect(rest().interaction).toBeUndefined();
  });

  it('serves every interaction and search parameter it advertises', async () => {
    for (const entry of rest().resource! as CapabilityStatementRestResource[]) {
      const codes = (entry.interaction ?? []).map((i) => i.code);
      expect(codes).toEqual(['read', 'search-type']);
      const all = await call(`${fhir.base}/${entry.type}`);
      expect(all.status).toBe(200);
      const first = all.body.entry[0].resource as Record<string, unknown>;
      const read = await call(`${fhir.base}/${entry.type}/${String(first.id)}`);
      expect(read.status).toBe(200);
      for (const param of entry.searchParam ?? []) {
        const value = sampleValue(first, param.name);
        const res = await call(
          `${fhir.base}/${entry.type}?${param.name}=${encodeURIComponent(value ?? 'no-such-value')}`,
        );
        expect({ type: entry.type, param: param.name, status: res.status }).toEqual({
          type: entry.type,
          param: param.name,
          status: 200,
        });
        const found = res.body.entry.map((e: { resource: { id: string } }) => e.resource.id);
        if (value === undefined) expect(found).toEqual([]);
        else expect(found).toContain(first.id);
      }
    }
  });

  it('routes every operation it advertises, at type and instance level for the resource ones', async () => {
    for (const entry of rest().resource!) {
      const first = (await call(`${fhir.base}/${entry.type}`)).body.entry[0].resource as {
        id: string;
        url: string;
      };
      for (const op of entry.operation ?? []) {
        const instance = await call(`${fhir.base}/${entry.type}/${first.id}/$${op.name}`);
        expect({ op: op.name, status: instance.status }).toEqual({ op: op.name, status: 200 });
        const type = await call(
          `${fhir.base}/${entry.type}/$${op.name}?url=${encodeURIComponent(first.url)}`,
        );
        expect({ op: op.name, status: type.status }).toEqual({ op: op.name, status: 200 });
      }
    }
    for (const op of rest().operation ?? []) {
      expect((await call(`${fhir.base}/$${op.name}`)).status).toBe(200);
    }
  });

  it('names its implementation url and the transaction interaction when configured so', async () => {
    const configured = await startFhir(engine, {
      baseUrl: 'https://trials.example.org/fhir',
      installTrialBundle: async () => ({ trialId: 'x', created: true }),
    });
    try {
      const res = await call(`${configured.base}/metadata`);
      expect(res.body.implementation.url).toBe('https://trials.example.org/fhir');
      expect(res.body.rest[0].interaction).toEqual([expect.objectContaining({ code: 'transaction' })]);
    } finally {
      await configured.close();
    }
  });
});
