import { readFileSync, readdirSync } from 'node:fs';
import { findCaseFiles, loadCase } from '../../src/authoring/case-file.js';
import { trialDirsIn } from '../../src/artifacts/trial-registry.js';
import type { EligibilityReport } from '../../src/domain/criterion.js';
import type { PatientData } from '../../src/domain/trial.js';
import { loadEngine, type LoadedEngine } from '../../src/engine/load-engine.js';
import { toPatientData } from '../../src/fhir/patient-data.js';
import { TRIALS_DIR } from '../../src/project-paths.js';
import { hasShared, sharedPath } from '../support/shared.js';

// The reference interpreter with our indexed data source + hashed value sets must give exactly what the usual stack
// (cql-exec-fhir PatientSource + cql-execution CodeService) gives on the same ELM and data:
// every criterion's status, reason and evidence (the raw value of its define).
let indexed: LoadedEngine;
let baseline: LoadedEngine;
beforeAll(async () => {
  [indexed, baseline] = await Promise.all([loadEngine({ engine: 'interpreted' }), loadEngine({ engine: 'interpreted', dataSource: 'cql-exec-fhir' })]);
});

const AS_OF = '2026-11-01';
// The baseline is 10–60× slower, so `npm test` compares an evenly spread sample (every case of a trial
// folder whose index is a multiple of STRIDE, every 7th chart); TRIALCDS_FULL_EQUIVALENCE=1 compares all.
const FULL = process.env.TRIALCDS_FULL_EQUIVALENCE === '1';
const sample = <T>(items: T[], stride: number) => (FULL ? items : items.filter((_, i) => i % stride === 0));
const cases = trialDirsIn(TRIALS_DIR)
  .flatMap((d) => sample(findCaseFiles(d), 8))
  .map((f) => [f.slice(TRIALS_DIR.length + 1), f]);
const syntheaDir = sharedPath('corpora', 'synthea-r4');
const charts = hasShared('corpora', 'synthea-r4')
  ? sample(readdirSync(syntheaDir).filter((f) => f.endsWith('.json')), 7)
  : [];

async function both(data: PatientData, asOf: string): Promise<[EligibilityReport, EligibilityReport]> {
  return [await indexed.evaluate(data, { asOf }), await baseline.evaluate(data, { asOf })];
}

describe('indexed data source ≡ cql-exec-fhir on the authored cases', () => {
  test.each(cases)('%s', async (_name, file) => {
    const testCase = loadCase(file);
    const [ours, theirs] = await both(toPatientData(testCase.bundle), testCase.asOf);
    expect(ours).toEqual(theirs);
  });
});

(charts.length ? describe : describe.skip)('indexed data source ≡ cql-exec-fhir on the Synthea charts', () => {
  test.each(charts)('%s', async (file) => {
    const data = toPatientData(JSON.parse(readFileSync(`${syntheaDir}/${file}`, 'utf8')));
    const [ours, theirs] = await both(data, AS_OF);
    expect(ours).toEqual(theirs);
  });
});

test('interleaved patients evaluated concurrently never see each other’s data', async () => {
  const patients = cases.slice(0, 12).map(([, file]) => loadCase(file!));
  const sequential = [];
  for (const c of patients) sequential.push(await indexed.evaluate(toPatientData(c.bundle), { asOf: c.asOf }));
  const rounds = await Promise.all(
    [...patients, ...patients.slice().reverse()].map((c) => indexed.evaluate(toPatientData(c.bundle), { asOf: c.asOf })),
  );
  expect(rounds.slice(0, patients.length)).toEqual(sequential);
  expect(rounds.slice(patients.length).reverse()).toEqual(sequential);
});
