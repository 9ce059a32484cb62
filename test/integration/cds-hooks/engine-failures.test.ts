import { FakeEngine, fakeExpander, fakeTrial } from '../../support/fake-engine.js';
import { call, outcomeTexts, patientViewRequest, startCds, testConfig } from '../../support/cds-server.js';

/** Failures the real engine cannot be made to produce on demand: a hand-written engine forces them. */
const trials = [fakeTrial('NCT06789107', { id: 'NCT06789107' }), fakeTrial('ln-cart-5-35')];
const prefetch = {
  patient: { resourceType: 'Patient', id: 'p1', birthDate: '2014-05-01' },
  condition: null,
  observation: null,
  'medication-request': null,
};
const request = patientViewRequest('p1', { prefetch });

async function hookWith(engine: FakeEngine, config = testConfig()) {
  const cds = await startCds({ engine, expandValueSet: fakeExpander, config });
  try {
    return await call(`${cds.url}/cds-services/trial-eligibility`, { body: request });
  } finally {
    await cds.close();
  }
}

describe('engine failures never look like "no cards"', () => {
  it('the fake engine does produce cards when it works (the cases below are real failures)', async () => {
    const res = await hookWith(new FakeEngine(trials));
    expect(res.status).toBe(200);
    expect(res.body.cards).toHaveLength(2);
  });

  it('a throwing engine is a 500 OperationOutcome without stack or message', async () => {
    const res = await hookWith(
      new FakeEngine(trials, {
        failWith: new Error('cql-execution blew up on Patient p1 birthDate 2014-05-01'),
      }),
    );
    expect(res.status).toBe(500);
    expect(res.body.cards).toBeUndefined();
    expect(outcomeTexts(res.body)).toEqual(['internal error while handling the request']);
    expect(res.text).not.toMatch(/blew up|2014-05-01|\n\s+at /);
  });

  it('an engine that drops a trial is a 500, not fewer cards', async () => {
    const res = await hookWith(new FakeEngine(trials, { omit: ['NCT06789107'] }));
    expect(res.status).toBe(500);
    expect(outcomeTexts(res.body)[0]).toMatch(/no result for 1 trial/);
  });

  it('an evaluation past the request deadline is a 503 OperationOutcome', async () => {
    const res = await hookWith(
      new FakeEngine(trials, { delayMs: 1500 }),
      testConfig({ requestDeadlineMs: 600 }),
    );
    expect(res.status).toBe(503);
    expect(res.body.issue[0].code).toBe('timeout');
  });
});
