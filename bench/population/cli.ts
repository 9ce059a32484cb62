import { writeNdjsonExport } from './generate.js';

/** `node dist/bench/population/cli.js <dir> <count> [seed]`: writes a generated NDJSON export. */
const [dir, count, seed] = process.argv.slice(2);
if (!dir || !count) {
  process.stderr.write('usage: node dist/bench/population/cli.js <dir> <count> [seed]\n');
  process.exit(2);
}
const result = await writeNdjsonExport(dir, { count: Number(count), seed: Number(seed ?? 42) });
process.stdout.write(`${result.patients} patients, ${result.resources} resources → ${dir}\n`);
