import type { Bundle } from 'fhir/r4';
import { ArtifactError, BadInputError } from '../../../src/domain/errors.js';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { bundledEngine } from '../../support/real-engine.js';
import { call, FHIR_JSON, outcomeTexts, startFhir, type RunningFhir } from './fhir-app.js';

const trialBundle = (type: Bundle['type'] = 'transaction'): Bundle => ({
  resourceType: 'Bundle',
  type,
  entry: [
    {
      resource: { resourceType: 'ResearchStudy', id: 'new-trial', status: 'active' },
      request: { method: 'PUT', url: 'ResearchStudy/new-trial' },
    },
  ],
});

describe('POST /fhir (trial upload)', () => {
  let engine: LoadedEngine;
  beforeAll(async () => {
    engine = await bundledEngine();
  });

  describe('with an installer', () => {
    let fhir: RunningFhir;
    const installed: unknown[] = [];
    let outcome: () => Promise<{ trialId: string; created: boolean }> = async () => ({
      trialId: 'new-trial',
      created: true,
    });
    beforeAll(async () => {
      fhir = await startFhir(engine, {
        installTrialBundle: (bundle) => {
          installed.push(bundle);
          return outcome();
        },
      });
    });
    afterAll(() => fhir.close());
    beforeEach(() => {
      installed.length = 0;
    });

    it('installs a transaction Bundle and answers 201 Created with the ResearchStudy location', async () => {
      const bundle = trialBundle();
      const res = await call(fhir.base, { body: bundle });
      expect(res.status).toBe(200);
      expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
      expect(res.body).toEqual({
        resourceType: 'Bundle',
        type: 'transaction-response',
        entry: [{ response: { status: '201 Created', location: 'ResearchStudy/new-trial' } }],
      });
      expect(installed).toEqual([bundle]);
    });

    it('answers 200 OK when a collection Bundle replaces a trial', async () => {
      outcome = async () => ({ trialId: 'ln-cart-5-35', created: false });
      const res = await call(fhir.base, {
        body: trialBundle('collection'),
        headers: { 'Content-Type': 'application/json' },
      });
      expect(res.body.entry[0].response).toEqual({
        status: '200 OK',
        location: 'ResearchStudy/ln-cart-5-35',
      });
    });

    it.each([
      [
        'a bad trial',
        () => Promise.reject(new BadInputError('the Bundle has no ResearchStudy')),
        400,
        'the Bundle has no ResearchStudy',
      ],
      [
        'a trial that fails to load',
        () => Promise.reject(new ArtifactError('library X has compile errors')),
        422,
        'library X has compile errors',
      ],
    ])('maps %s to an OperationOutcome', async (_label, failing, status, text) => {
      outcome = failing;
      const res = await call(fhir.base, { body: trialBundle() });
      expect(res.status).toBe(status);
      expect(outcomeTexts(res.body)).toEqual([text]);
    });

    it.each([
      ['not a Bundle', JSON.stringify({ resourceType: 'ResearchStudy' }), 400, /POST \/fhir takes a Bundle/],
      [
        'a searchset Bundle',
        JSON.stringify({ resourceType: 'Bundle', type: 'searchset' }),
        400,
        /type transaction or collection \(got "searchset"\)/,
      ],
      ['malformed JSON', '{"resourceType":', 400, /not valid JSON/],
    ])('refuses %s before calling the installer', async (_label, rawBody, status, text) => {
      const res = await call(fhir.base, { rawBody });
      expect(res.status).toBe(status);
      expect(outcomeTexts(res.body).join(' ')).toMatch(text);
      expect(installed).toEqual([]);
    });
  });

  it('answers 405 naming the setting when upload is disabled', async () => {
    const fhir = await startFhir(engine);
    try {
      const res = await call(fhir.base, { body: trialBundle() });
      expect(res.status).toBe(405);
      expect(res.headers.get('content-type')).toMatch(FHIR_JSON);
      expect(outcomeTexts(res.body)[0]).toMatch(/trial upload is disabled.*TRIALCDS_LOCAL_TRIALS_DIR/);
    } finally {
      await fhir.close();
    }
  });
});
