// Builds valuesets/<id>.json from the definitions in ./defs (compose + matching expansion).
// Usage: node scripts/valuesets/build.mjs   (from the repository root)
import { writeFileSync, mkdirSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { VERSION, DATE } from './common.mjs';
import { allDefinitions } from './defs/index.mjs';
import { renderReadme } from './readme.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const outDir = join(root, 'valuesets');

function pascal(id) {
  return id
    .split(/[^A-Za-z0-9]+/)
    .filter(Boolean)
    .map((p) => p[0].toUpperCase() + p.slice(1))
    .join('');
}

function describe(def) {
  const parts = [def.concept.trim()];
  if (def.leftOut) parts.push(`Deliberately left out: ${def.leftOut.trim()}`);
  if (def.units) parts.push(`Usual UCUM units: ${def.units.trim()}`);
  parts.push(`SOURCES: ${def.sources.join('; ')}.`);
  parts.push(`HOW CHECKED: ${def.checked.trim()}`);
  return parts.join('\n\n');
}

export function buildValueSet(def) {
  const bySystem = new Map();
  for (const cpt of def.codes) {
    if (!bySystem.has(cpt.system)) bySystem.set(cpt.system, []);
    bySystem.get(cpt.system).push({ code: cpt.code, display: cpt.display });
  }
  const include = [...bySystem.entries()].map(([system, concept]) => ({ system, concept }));
  const contains = def.codes.map((x) => ({ system: x.system, code: x.code, display: x.display }));
  return {
    resourceType: 'ValueSet',
    id: def.id,
    url: `urn:trialcds:valueset:${def.id}`,
    version: VERSION,
    name: pascal(def.id),
    title: def.title,
    status: 'active',
    experimental: false,
    date: DATE,
    publisher: 'trialcds',
    description: describe(def),
    purpose: `Used by ${def.usedBy}`,
    compose: { include },
    expansion: {
      identifier: `urn:trialcds:expansion:${def.id}:${VERSION}`,
      timestamp: `${DATE}T00:00:00Z`,
      total: contains.length,
      contains,
    },
  };
}

function main() {
  mkdirSync(outDir, { recursive: true });
  const seen = new Set();
  for (const def of allDefinitions) {
    if (seen.has(def.id)) throw new Error(`duplicate value-set id ${def.id}`);
    seen.add(def.id);
    const vs = buildValueSet(def);
    writeFileSync(join(outDir, `${def.id}.json`), JSON.stringify(vs, null, 2) + '\n');
  }
  writeFileSync(join(outDir, 'README.md'), renderReadme(allDefinitions));
  console.log(`wrote ${seen.size} value sets and README.md to ${outDir}`);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
