import { join } from 'node:path';
import { findCaseFiles, loadCase } from '../../src/authoring/case-file.js';
import { runCase } from '../../src/authoring/run-cases.js';
import type { CriterionDefinition } from '../../src/domain/trial.js';
import { loadEngine, type LoadedEngine } from '../../src/engine/load-engine.js';
import { TRIALS_DIR } from '../../src/project-paths.js';
import { trialDirsIn } from '../../src/artifacts/trial-registry.js';
import { hasShared, sharedPath } from '../support/shared.js';

let engine: LoadedEngine;
beforeAll(async () => {
  engine = await loadEngine();
});

const authored = trialDirsIn(TRIALS_DIR).flatMap((dir) => findCaseFiles(dir));

describe("authors' cases of the bundled trials (cql/trials/*/cases)", () => {
  test.each(authored.map((f) => [f.slice(TRIALS_DIR.length + 1), f]))('%s', async (_name, file) => {
    const failed = (await runCase(engine, loadCase(file))).filter((c) => !c.ok);
    expect(failed).toEqual([]);
  });
});

/** Criteria whose status the engine computes (not "review: not yet automated"). */
function automatedIds(criteria: CriterionDefinition[]): string[] {
  return criteria.flatMap((c) => [...(c.result === 'pending' ? [] : [c.id]), ...automatedIds(c.criteria ?? [])]);
}

const examples = hasShared('examples') ? findCaseFiles(sharedPath('examples')) : [];
(examples.length ? describe : describe.skip)('worked examples in ../shared/examples (criteria automated so far)', () => {
  test.each(examples.map((f) => [f.split('/').pop()!, f]))('%s', async (_name, file) => {
    const checks = await runCase(engine, loadCase(file));
    const automated = new Map(engine.trials.map((t) => [t.manifest.id, new Set(automatedIds(t.manifest.criteria))]));
    // A pending criterion is reported as review on purpose; the trial issues replace them.
    const relevant = checks.filter((c) => c.criterion === '(trial)' || automated.get(c.trial)?.has(c.criterion));
    expect(relevant.filter((c) => !c.ok)).toEqual([]);
  });
});

test('every bundled trial has authored cases', () => {
  for (const dir of trialDirsIn(TRIALS_DIR)) {
    expect({ trial: join(dir), cases: findCaseFiles(dir).length > 0 }).toEqual({ trial: join(dir), cases: true });
  }
});
