// `npm start` runs this first: it builds (tsc) only when dist/ is missing or older than a source,
// because `npm install` already built and tsc costs 20–40 s on a busy machine, which a person
// starting the service should not wait for. Plain JavaScript: it must run before anything is built.
import { spawnSync } from 'node:child_process';
import { readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));
// tsc rewrites every output on each build, so the service's entry point dates the whole build.
const builtEntry = join(root, 'dist', 'src', 'main.js');
const sourceFolders = ['src', 'scripts', 'bench'];
const sourceFiles = ['tsconfig.json', 'tsconfig.build.json'];

function mtimeMs(path) {
  try {
    return statSync(path).mtimeMs;
  } catch {
    return undefined;
  }
}

/** The newest modification time of the TypeScript sources under `dir` (0 when there are none). */
function newestTypeScript(dir) {
  let newest = 0;
  for (const entry of readdirSync(dir, { withFileTypes: true, recursive: true })) {
    if (entry.isFile() && entry.name.endsWith('.ts')) newest = Math.max(newest, mtimeMs(join(entry.parentPath, entry.name)) ?? 0);
  }
  return newest;
}

function staleReason() {
  const built = mtimeMs(builtEntry);
  if (built === undefined) return 'dist/ is missing';
  const newestSource = Math.max(
    ...sourceFolders.map((dir) => newestTypeScript(join(root, dir))),
    ...sourceFiles.map((file) => mtimeMs(join(root, file)) ?? 0),
  );
  return newestSource > built ? 'a source is newer than dist/' : undefined;
}

const reason = staleReason();
if (reason) {
  process.stderr.write(`trialcds: building (${reason})…\n`);
  const npm = process.platform === 'win32' ? 'npm.cmd' : 'npm';
  const build = spawnSync(npm, ['run', '--silent', 'build'], { cwd: root, stdio: 'inherit' });
  process.exit(build.status ?? 1);
}
