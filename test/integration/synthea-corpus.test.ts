import { readFileSync, readdirSync } from 'node:fs';
import { walkCriteria } from '../../src/domain/rollup.js';
import { loadEngine, type LoadedEngine } from '../../src/engine/load-engine.js';
import { toPatientData } from '../../src/fhir/patient-data.js';
import { hasShared, sharedPath } from '../support/shared.js';

// Real-looking charts (Synthea, no lupus): every one must evaluate without an engine error, and the
// SLE / lupus nephritis criterion of each trial must exclude it.
const SLE_CRITERION: Record<string, string> = { 'ln-cart-5-35': 'I2', NCT07233642: 'I2', NCT06789107: 'I2' };
const dir = sharedPath('corpora', 'synthea-r4');
const charts = hasShared('corpora', 'synthea-r4') ? readdirSync(dir).filter((f) => f.endsWith('.json')) : [];

let engine: LoadedEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

(charts.length ? describe : describe.skip)('Synthea R4 charts', () => {
  test.each(charts)('%s', async (file) => {
    const data = toPatientData(JSON.parse(readFileSync(`${dir}/${file}`, 'utf8')));
    const report = await engine.evaluate(data, { asOf: '2026-11-01' });
    for (const trial of report.trials) {
      const errors = [...walkCriteria(trial.criteria)].filter((c) => c.reason.startsWith('could not be evaluated'));
      expect(errors.map((c) => `${trial.id} ${c.id}: ${c.reason}`)).toEqual([]);
      const sle = trial.criteria.find((c) => c.id === SLE_CRITERION[trial.id]);
      if (sle && sle.reason !== 'not yet automated') {
        expect({ trial: trial.id, sle: sle.status }).toEqual({ trial: trial.id, sle: 'fail' });
        expect(trial.status).toBe('ineligible');
      }
    }
  });
});
