// The hook path stops a trial at its first failing criterion. That must never change a trial's
// status (a wrongly excluded child is the worst error): checked on the authored cases against full
// evaluation.
import { findCaseFiles, loadCase } from '../../src/authoring/case-file.js';
import { trialDirsIn } from '../../src/artifacts/trial-registry.js';
import type { EligibilityReport } from '../../src/domain/criterion.js';
import { loadEngine, type LoadedEngine } from '../../src/engine/load-engine.js';
import { toPatientData } from '../../src/fhir/patient-data.js';
import { TRIALS_DIR } from '../../src/project-paths.js';

let engine: LoadedEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

// Every case where a criterion fails (where stopping happens), and every 4th of the others;
// TRIALCDS_FULL_EQUIVALENCE=1 runs all of them (each case is evaluated twice).
const all = trialDirsIn(TRIALS_DIR).flatMap((dir) => findCaseFiles(dir));
const cases = process.env.TRIALCDS_FULL_EQUIVALENCE
  ? all
  : all.filter((f, i) => /fail|inelig/.test(f.split('/').pop()!) || i % 4 === 0);

function checkPrefix(full: EligibilityReport, stopped: EligibilityReport): void {
  expect(stopped.trials.map((t) => [t.id, t.status])).toEqual(full.trials.map((t) => [t.id, t.status]));
  full.trials.forEach((trial, i) => {
    const partial = stopped.trials[i]!;
    // The criteria evaluated are the full report's, in order, up to and including the first fail
    // that does not lapse (a washout with changesOn does not stop: the trial may be eligible soon).
    expect(partial.criteria).toEqual(trial.criteria.slice(0, partial.criteria.length));
    const firstFail = trial.criteria.findIndex((c) => c.status === 'fail' && !c.changesOn);
    expect(partial.criteria).toHaveLength(firstFail === -1 ? trial.criteria.length : firstFail + 1);
    expect(partial.eligibleFrom).toEqual(trial.eligibleFrom);
  });
}

describe('stopAtFirstFail gives every trial the status full evaluation gives', () => {
  test.each(cases.map((f) => [f.slice(TRIALS_DIR.length + 1), f]))('%s', async (_name, file) => {
    const testCase = loadCase(file);
    const data = toPatientData(testCase.bundle);
    const full = await engine.evaluate(data, { asOf: testCase.asOf });
    const stopped = await engine.evaluate(data, { asOf: testCase.asOf, stopAtFirstFail: true });
    checkPrefix(full, stopped);
  });
});
