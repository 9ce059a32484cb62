// Validates every valuesets/*.json: JSON syntax, required metadata, compose == expansion.
// Usage: node scripts/valuesets/check.mjs   (exit code 1 on any problem)
import { readdirSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { KNOWN_SYSTEMS, VERSION } from './common.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const dir = join(root, 'valuesets');

export function checkValueSet(vs, fileName) {
  const errors = [];
  const err = (m) => errors.push(`${fileName}: ${m}`);
  const id = fileName.replace(/\.json$/, '');
  if (vs.resourceType !== 'ValueSet') err('resourceType is not ValueSet');
  if (vs.id !== id) err(`id ${vs.id} does not match file name`);
  if (!/^[a-z0-9]+(-[a-z0-9]+)*$/.test(id)) err('id is not kebab-case');
  if (vs.url !== `urn:trialcds:valueset:${id}`) err('url wrong');
  if (vs.version !== VERSION) err('version wrong');
  for (const f of ['name', 'title', 'date', 'publisher', 'description', 'purpose'])
    if (typeof vs[f] !== 'string' || !vs[f]) err(`missing ${f}`);
  if (vs.status !== 'active' || vs.experimental !== false) err('status/experimental wrong');
  if (!/^[A-Z][A-Za-z0-9]*$/.test(vs.name ?? '')) err('name is not PascalCase');
  if (!String(vs.purpose).startsWith('Used by ')) err('purpose must start with "Used by "');
  if (!String(vs.description).includes('SOURCES:')) err('description lacks SOURCES');
  if (!String(vs.description).includes('HOW CHECKED:')) err('description lacks HOW CHECKED');
  const key = (s, c, d) => `${s}|${c}|${d}`;
  const composed = [];
  for (const inc of vs.compose?.include ?? []) {
    if (!KNOWN_SYSTEMS.includes(inc.system)) err(`unknown system ${inc.system}`);
    if (inc.filter || inc.valueSet) err('compose must enumerate concepts (no filter/valueSet)');
    for (const c of inc.concept ?? []) {
      if (!c.code || !c.display) err(`concept without code/display in ${inc.system}`);
      composed.push(key(inc.system, c.code, c.display));
    }
  }
  if (composed.length === 0) err('empty compose');
  const codesOnly = composed.map((k) => k.split('|').slice(0, 2).join('|'));
  if (new Set(codesOnly).size !== codesOnly.length) err('duplicate code in compose');
  const exp = vs.expansion ?? {};
  if (exp.identifier !== `urn:trialcds:expansion:${id}:${VERSION}`) err('expansion.identifier wrong');
  if (!exp.timestamp) err('expansion.timestamp missing');
  const contained = (exp.contains ?? []).map((c) => key(c.system, c.code, c.display));
  if (exp.total !== contained.length) err(`expansion.total ${exp.total} != ${contained.length}`);
  const a = [...composed].sort().join('\n');
  const b = [...contained].sort().join('\n');
  if (a !== b) err('expansion.contains differs from compose concepts');
  return errors;
}

function main() {
  const files = readdirSync(dir).filter((f) => f.endsWith('.json'));
  const errors = [];
  const displays = new Map();
  for (const f of files) {
    let vs;
    try {
      vs = JSON.parse(readFileSync(join(dir, f), 'utf8'));
    } catch (e) {
      errors.push(`${f}: invalid JSON (${e.message})`);
      continue;
    }
    errors.push(...checkValueSet(vs, f));
    for (const c of vs.expansion?.contains ?? []) {
      const k = `${c.system}|${c.code}`;
      const prev = displays.get(k);
      if (prev && prev !== c.display) errors.push(`${f}: ${k} display "${c.display}" differs from "${prev}"`);
      else displays.set(k, c.display);
    }
  }
  for (const e of errors) console.error(e);
  console.log(`${files.length} value sets checked, ${displays.size} distinct codes, ${errors.length} problems`);
  process.exit(errors.length ? 1 : 0);
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
