// The compiled engine's acceptance test (issue 13): it must say exactly what cql-execution says —
// every criterion's status, reason and evidence, and every trial status — on the authored cases,
// the shared worked examples, the Synthea charts and generated bench-population patients (35 %
// lupus) at several as-of dates; and every define of each library, not only the criteria, on a
// sample. `npm test` compares an evenly spread sample; TRIALCDS_FULL_EQUIVALENCE=1 compares all
// (1 000+ generated patients). A difference fails naming the patient, trial, criterion and define.
import { readFileSync, readdirSync } from 'node:fs';
import type { Patient, Resource } from 'fhir/r4';
import { findCaseFiles, loadCase } from '../../src/authoring/case-file.js';
import { trialDirsIn } from '../../src/artifacts/trial-registry.js';
import type { PatientData } from '../../src/domain/trial.js';
import { loadEngine, type LoadedEngine } from '../../src/engine/load-engine.js';
import { expressionDefineNames } from '../../src/artifacts/elm.js';
import { toPatientData } from '../../src/fhir/patient-data.js';
import { TRIALS_DIR } from '../../src/project-paths.js';
import { FORMULARY, generatePopulation } from '../../bench/population/generate.js';
import { reportDifferences, valueShape } from '../support/equivalence.js';
import { hasShared, sharedPath } from '../support/shared.js';

const FULL = process.env.TRIALCDS_FULL_EQUIVALENCE === '1';
const sample = <T>(items: T[], stride: number): T[] => (FULL ? items : items.filter((_, i) => i % stride === 0));

let compiled: LoadedEngine;
let reference: LoadedEngine;
beforeAll(async () => {
  [compiled, reference] = await Promise.all([loadEngine(), loadEngine({ engine: 'interpreted' })]);
});

async function expectSameReports(data: PatientData, asOf: string): Promise<void> {
  const [a, b] = [await compiled.evaluate(data, { asOf }), await reference.evaluate(data, { asOf })];
  expect(reportDifferences(a, b, reference.trials.map((t) => t.manifest))).toEqual([]);
}

/** Every define of every trial library: the same value (FHIR data compared as type + JSON). */
async function expectSameDefines(data: PatientData, asOf: string): Promise<void> {
  const differences: string[] = [];
  for (const trial of reference.loadedTrials) {
    const id = trial.manifest.id;
    const names = expressionDefineNames(trial.libraries[0]!);
    const [a, b] = [await compiled.runTrialDefines(data, id, asOf, names), await reference.runTrialDefines(data, id, asOf, names)];
    for (const name of names) {
      const [x, y] = [a.get(name)!, b.get(name)!];
      const shapes = [x.ok ? valueShape(x.value) : x.error, y.ok ? valueShape(y.value) : y.error].map((s) => JSON.stringify(s));
      if (x.ok !== y.ok || shapes[0] !== shapes[1]) differences.push(`Patient/${data.patient.id} ${id} define "${name}": compiled ${shapes[0]!.slice(0, 300)} vs reference ${shapes[1]!.slice(0, 300)}`);
    }
  }
  expect(differences).toEqual([]);
}

const caseFiles = trialDirsIn(TRIALS_DIR).flatMap((d) => findCaseFiles(d));
const cases = sample(caseFiles, 6).map((f) => [f.slice(TRIALS_DIR.length + 1), f] as const);

describe('compiled ≡ interpreted on the authored cases', () => {
  test.each(cases)('%s', async (_name, file) => {
    const c = loadCase(file);
    await expectSameReports(toPatientData(c.bundle), c.asOf);
  });
});

describe('compiled ≡ interpreted on every define (authored cases)', () => {
  test.each(sample(cases, FULL ? 1 : 4))('%s', async (_name, file) => {
    const c = loadCase(file);
    await expectSameDefines(toPatientData(c.bundle), c.asOf);
  });
});

const examples = hasShared('examples') ? findCaseFiles(sharedPath('examples')) : [];
(examples.length ? describe : describe.skip)('compiled ≡ interpreted on the shared worked examples', () => {
  test.each(examples.map((f) => [f.split('/').pop()!, f] as const))('%s', async (_name, file) => {
    const c = loadCase(file);
    await expectSameReports(toPatientData(c.bundle), c.asOf);
    await expectSameDefines(toPatientData(c.bundle), c.asOf);
  });
});

const syntheaDir = sharedPath('corpora', 'synthea-r4');
const charts = hasShared('corpora', 'synthea-r4') ? sample(readdirSync(syntheaDir).filter((f) => f.endsWith('.json')), 5) : [];
(charts.length ? describe : describe.skip)('compiled ≡ interpreted on the Synthea charts', () => {
  test.each(charts)('%s', async (file) => {
    await expectSameReports(toPatientData(JSON.parse(readFileSync(`${syntheaDir}/${file}`, 'utf8'))), '2026-11-01');
  });
});

/** Generated patients (the bench population: 35 % lupus), each at one of several screening dates. */
const AS_OF_DATES = ['2026-11-01', '2026-06-15', '2027-01-31', '2025-12-31'];
const generated = [...generatePopulation({ count: FULL ? 1200 : 36, seed: 1313, lupusShare: 0.35, prefix: 'equiv' })].map((resources, i) => {
  const [patient, ...rest] = resources as [Patient, ...Resource[]];
  return { data: { patient, resources: [...rest, ...FORMULARY] } as PatientData, asOf: AS_OF_DATES[i % AS_OF_DATES.length]! };
});

describe('compiled ≡ interpreted on generated patients at several as-of dates', () => {
  test.each(generated.map((g) => [g.data.patient.id!, g] as const))('%s', async (_id, g) => {
    await expectSameReports(g.data, g.asOf);
  });
  test.each(sample(generated, FULL ? 10 : 12).map((g) => [g.data.patient.id!, g] as const))('every define: %s', async (_id, g) => {
    await expectSameDefines(g.data, g.asOf);
  });
});
