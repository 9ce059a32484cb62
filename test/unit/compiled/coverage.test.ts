// Every define of the bundled trials (and of the fourth-trial fixture and the authoring example)
// compiles to JavaScript: none may fall back to the interpreter. A new CQL construct that the
// compiler does not support fails here, naming the define and the node.
import { join } from 'node:path';
import { loadEngine } from '../../../src/engine/load-engine.js';
import { PROJECT_ROOT } from '../../../src/project-paths.js';

const folders: [string, Parameters<typeof loadEngine>[0]][] = [
  ['the bundled trials', {}],
  ['the fourth-trial fixture', { trialsDir: join(PROJECT_ROOT, 'test', 'fixtures', 'fourth-trial') }],
  ['the authoring example', { trialsDir: join(PROJECT_ROOT, 'examples', 'authoring') }],
];

test.each(folders)('every define of %s compiles', async (_name, options) => {
  const engine = await loadEngine(options);
  const interpreted = engine.trials.flatMap((t) =>
    engine.compiledTrials!.report(t.manifest.id).interpreted.map((p) => `${t.manifest.id}: ${p.library}."${p.define}" — ${p.interpreted}`),
  );
  expect(interpreted).toEqual([]);
  for (const t of engine.trials) expect(engine.compiledTrials!.report(t.manifest.id).compiled).toBeGreaterThan(0);
});
