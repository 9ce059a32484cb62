// The checklists' sub-expression values (withExpressionValues) must not depend on the engine: the
// compiled engine and the reference interpreter give the same [truth, text] for every traced define,
// on a spread of the authored cases (every trial, pass/fail/unknown cases alike).
import { findCaseFiles, loadCase } from '../../../src/authoring/case-file.js';
import { trialDirsIn } from '../../../src/artifacts/trial-registry.js';
import { loadEngine, type LoadedEngine } from '../../../src/engine/load-engine.js';
import { toPatientData } from '../../../src/fhir/patient-data.js';
import { TRIALS_DIR } from '../../../src/project-paths.js';

let compiled: LoadedEngine;
let reference: LoadedEngine;
beforeAll(async () => {
  [compiled, reference] = await Promise.all([loadEngine(), loadEngine({ engine: 'interpreted' })]);
}, 120_000);

const cases = trialDirsIn(TRIALS_DIR)
  .flatMap((dir) => findCaseFiles(dir))
  .filter((file, i) => file.endsWith('ideal.json') || i % 6 === 0);

it('covers cases of every trial', () => {
  expect(cases.length).toBeGreaterThan(10);
});

it('gives the same sub-expression values in the compiled and the interpreted engine', async () => {
  const differences: string[] = [];
  let compared = 0;
  for (const file of cases) {
    const testCase = loadCase(file);
    const data = toPatientData(testCase.bundle);
    const options = { asOf: testCase.asOf, withExpressionValues: true };
    const [a, b] = [await compiled.evaluate(data, options), await reference.evaluate(data, options)];
    for (const trial of b.trials) {
      const mine = a.trials.find((t) => t.id === trial.id)?.expressionValues ?? {};
      const theirs = trial.expressionValues ?? {};
      expect(Object.keys(theirs).length).toBeGreaterThan(0);
      for (const name of new Set([...Object.keys(mine), ...Object.keys(theirs)])) {
        compared++;
        const [x, y] = [JSON.stringify(mine[name]), JSON.stringify(theirs[name])];
        if (x !== y) differences.push(`${file.split('/').slice(-3).join('/')} ${trial.id} "${name}": compiled ${x} vs interpreted ${y}`);
      }
    }
  }
  expect(differences).toEqual([]);
  expect(compared).toBeGreaterThan(100);
}, 600_000);
