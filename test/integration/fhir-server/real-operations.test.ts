import type { CapabilityStatement } from 'fhir/r4';
import { fhirOperations } from '../../../src/fhir-server/operations/index.js';
import { BUILT_IN_OPERATIONS } from '../../../src/fhir-server/router.js';
import { bundledEngine } from '../../support/real-engine.js';
import { call, startFhir, type RunningFhir } from './fhir-app.js';

/** What the router answers when it has no route for an operation (as opposed to the operation refusing its input). */
const NOT_ROUTED = /is not supported here|is invoked at (type|instance) level|invoked with GET or POST/;

// With the operations the service really mounts: each is advertised, and each advertised one is routed at the
// levels it declares (its answer to empty input is its own business, tested with the operation).
describe('/fhir with the service operations', () => {
  let fhir: RunningFhir;
  let cs: CapabilityStatement;
  beforeAll(async () => {
    fhir = await startFhir(await bundledEngine(), { operations: fhirOperations });
    cs = (await call(`${fhir.base}/metadata`)).body as CapabilityStatement;
  });
  afterAll(() => fhir.close());

  it('advertises every operation, each with its definition canonical', () => {
    const rest = cs.rest![0]!;
    const advertised = [
      ...(rest.operation ?? []).map((o) => `/${o.name} ${o.definition}`),
      ...rest.resource!.flatMap((r) => (r.operation ?? []).map((o) => `${r.type}/${o.name} ${o.definition}`)),
    ].sort();
    const expected = [...BUILT_IN_OPERATIONS, ...fhirOperations]
      .map((o) => `${o.resourceType ?? ''}/${o.name} ${o.definition}`)
      .sort();
    expect(advertised).toEqual(expected);
  });

  it.each(fhirOperations.map((op) => [`${op.resourceType ?? ''}/$${op.name}`, op] as const))(
    'routes %s at the levels it declares, by GET and POST',
    async (_label, op) => {
      const paths = op.resourceType
        ? [
            ...(op.type ? [`${op.resourceType}/$${op.name}`] : []),
            ...(op.instance ? [`${op.resourceType}/some-id/$${op.name}`] : []),
          ]
        : [`$${op.name}`];
      for (const path of paths) {
        for (const method of ['GET', 'POST']) {
          const res = await call(`${fhir.base}/${path}`, {
            method,
            ...(method === 'POST' ? { body: { resourceType: 'Parameters' } } : {}),
          });
          expect({ path, method, routed: !NOT_ROUTED.test(res.text) && res.status !== 405 }).toEqual({
            path,
            method,
            routed: true,
          });
        }
      }
    },
  );
});
