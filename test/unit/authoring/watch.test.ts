import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { watchAndCompile, type Watch } from '../../../src/authoring/watch.js';

const lib = (name: string) => `library ${name} version '1.0.0'\n\ndefine "X": 1\n`;

async function until(check: () => boolean, timeoutMs = 20_000): Promise<void> {
  const end = Date.now() + timeoutMs;
  while (!check()) {
    if (Date.now() > end) throw new Error('timed out');
    await new Promise((r) => setTimeout(r, 50));
  }
}

describe('watchAndCompile', () => {
  let dir: string;
  let watching: Watch | undefined;
  beforeEach(() => {
    dir = mkdtempSync(join(tmpdir(), 'trialcds-watch-unit-'));
  });
  afterEach(() => {
    watching?.close();
    rmSync(dir, { recursive: true, force: true });
  });

  it('picks up a library in a folder created after the start, and ignores elm/ and other files', async () => {
    writeFileSync(join(dir, 'A.cql'), lib('A'));
    const summaries: string[] = [];
    watching = watchAndCompile(dir, [], { write: false, debounceMs: 50, report: () => undefined, summarize: (l) => summaries.push(l) });
    expect(summaries).toHaveLength(1);
    expect(summaries[0]).toMatch(/1 library compiled: 0 error/);
    await new Promise((r) => setTimeout(r, 500)); // let the watcher finish starting
    mkdirSync(join(dir, 'elm'));
    writeFileSync(join(dir, 'elm', 'Ignored.cql'), lib('Ignored'));
    writeFileSync(join(dir, 'notes.txt'), 'not CQL');
    await new Promise((r) => setTimeout(r, 500));
    expect(summaries).toHaveLength(1); // our ELM folder and other files start no round
    mkdirSync(join(dir, 'sub'));
    writeFileSync(join(dir, 'sub', 'B.cql'), lib('B'));
    await until(() => summaries.length >= 2);
    expect(summaries[1]).toMatch(/2 libraries compiled: 0 error/);
    await new Promise((r) => setTimeout(r, 500));
    expect(summaries).toHaveLength(2);
  });
});
