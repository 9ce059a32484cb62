// A define the compiler cannot compile runs in cql-execution; a compiled define that raises an
// error is evaluated again by cql-execution, whose answer (and error message, with its CQL
// locator) is the one reported. Exercised with the bundled trials and compilers taken away.
import { createRequire } from 'node:module';
import { loadCase } from '../../../src/authoring/case-file.js';
import { CompiledLibrary, InterpretedTrial } from '../../../src/engine/cql-runtime/cql-runner.js';
import { HashedCodeService } from '../../../src/engine/cql-runtime/hashed-code-service.js';
import { indexedPatientRecord } from '../../../src/engine/cql-runtime/indexed-patient.js';
import { CompiledPatient, CompiledTrials } from '../../../src/engine/compiled/compiled-trials.js';
import { NODE_COMPILERS } from '../../../src/engine/compiled/nodes/index.js';
import type { NodeCompiler } from '../../../src/engine/compiled/compile-context.js';
import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import { preparePatientData } from '../../../src/engine/prepare-data.js';
import { toPatientData } from '../../../src/fhir/patient-data.js';
import { TRIALS_DIR } from '../../../src/project-paths.js';

const require = createRequire(import.meta.url);
const TRIAL = 'NCT06789107';
const CASE = `${TRIALS_DIR}/${TRIAL}/cases/ideal.json`;

let reference: LoadedEngine;
beforeAll(async () => {
  reference = await loadEngine({ engine: 'interpreted', onlyTrials: [TRIAL] });
});

async function runWith(compilers: ReadonlyMap<string, NodeCompiler>) {
  const trial = reference.loadedTrials[0]!;
  const codeService = new HashedCodeService(reference.valueSets.values());
  const trials = new CompiledTrials([{ id: TRIAL, libraries: trial.libraries }], (url, v) => codeService.findValueSet(url, v), compilers);
  const c = loadCase(CASE);
  const bundle = preparePatientData(toPatientData(c.bundle));
  const interpreter = new InterpretedTrial(new CompiledLibrary(trial.libraries), codeService, () => indexedPatientRecord(bundle), c.asOf);
  const patient = new CompiledPatient(trials, (bundle.entry ?? []).map((e) => e.resource!), c.asOf, () => interpreter);
  const names = [...trials.main(TRIAL).defines.keys()];
  return { trials, patient, names, results: await patient.run(TRIAL, names), asOf: c.asOf, data: toPatientData(c.bundle) };
}

async function referenceValues(names: string[], asOf: string, data: ReturnType<typeof toPatientData>) {
  return reference.runTrialDefines(data, TRIAL, asOf, names);
}

test('defines with a node the compiler lacks run interpreted, with the reference values', async () => {
  const without = new Map([...NODE_COMPILERS].filter(([type]) => type !== 'Concatenate'));
  const { trials, names, results, asOf, data } = await runWith(without);
  const interpreted = trials.report(TRIAL).interpreted;
  expect(interpreted.length).toBeGreaterThan(10);
  expect(interpreted.every((p) => p.interpreted!.includes('Concatenate'))).toBe(true);
  const expected = await referenceValues(names, asOf, data);
  for (const name of ['I1', 'I2', 'E13', 'E19']) expect(results.get(name)).toEqual(expected.get(name));
});

test('a compiled define that raises an error is answered by the interpreter (its value, or its error text)', async () => {
  const failing = new Map(NODE_COMPILERS);
  failing.set('Concatenate', () => () => {
    throw new Error('compiled code failed');
  });
  const { patient, names, results, asOf, data } = await runWith(failing);
  expect(patient.errors).toBeGreaterThan(0);
  const expected = await referenceValues(names, asOf, data);
  for (const name of ['I1', 'I3', 'E13']) expect(results.get(name)).toEqual(expected.get(name));
  expect([...results.values()].some((r) => !r.ok && r.error.includes('compiled code failed'))).toBe(false);
});

test('the reference engine is still the one the compiled engine is checked against', () => {
  expect(require('cql-execution/package.json').version).toBe('3.3.2');
});
