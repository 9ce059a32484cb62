#!/usr/bin/env node
// Converts the saved excerpts of the public CQL conformance tests (cqframework/cql-tests,
// tests/cql/*.xml; see test/fixtures/cql-conformance/README.md) into the sample the conformance
// test reads: test/fixtures/cql-conformance/sample.json.
//
//   node scripts/cql-conformance/convert.mjs [--check]
//
// --check: exit 1 when sample.json differs from what the XML gives (nothing is written).
// The XML is the tests' own format (http://hl7.org/fhirpath/tests): <tests name> / <group name> /
// <test name> with one <expression invalid="false|true|semantic"> and zero or more <output>.
// No XML library: these files are flat, and a regular expression per element is enough.
import { readFileSync, readdirSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const fixtures = join(root, 'test', 'fixtures', 'cql-conformance');
const xmlDir = join(fixtures, 'xml');
const outFile = join(fixtures, 'sample.json');

const ENTITIES = { lt: '<', gt: '>', amp: '&', quot: '"', apos: "'" };
const unescape = (s) =>
  s.replace(/&(lt|gt|amp|quot|apos|#(\d+)|#x([0-9a-f]+));/gi, (_, name, dec, hex) =>
    dec ? String.fromCodePoint(Number(dec)) : hex ? String.fromCodePoint(parseInt(hex, 16)) : ENTITIES[name],
  );
const attr = (tag, name) => new RegExp(`\\b${name}="([^"]*)"`).exec(tag)?.[1];

export function convertXml(fileName, xml) {
  const text = xml.replace(/<!--[\s\S]*?-->/g, '');
  const suite = attr(/<tests\b[^>]*>/.exec(text)?.[0] ?? '', 'name') ?? fileName.replace(/\.xml$/, '');
  const cases = [];
  for (const g of text.matchAll(/<group\b([^>]*)>([\s\S]*?)<\/group>/g)) {
    const group = attr(g[1], 'name');
    for (const t of g[2].matchAll(/<test\b([^>]*)>([\s\S]*?)<\/test>/g)) {
      const name = attr(t[1], 'name');
      const expr = /<expression\b([^>]*)>([\s\S]*?)<\/expression>/.exec(t[2]);
      if (!group || !name || !expr)
        throw new Error(`${fileName}: malformed test ${name ?? '?'} in ${group ?? '?'}`);
      const invalid = attr(expr[1], 'invalid') ?? 'false';
      const outputs = [...t[2].matchAll(/<output\b[^>]*>([\s\S]*?)<\/output>/g)].map((o) =>
        unescape(o[1]).trim(),
      );
      if (outputs.length > 1)
        throw new Error(`${fileName}: ${name} has ${outputs.length} outputs (not supported)`);
      cases.push({
        suite,
        group,
        name,
        expression: unescape(expr[2]).trim(),
        ...(outputs.length === 1 ? { output: outputs[0] } : {}),
        invalid: invalid === 'false' ? false : invalid,
        source: `cqframework/cql-tests:tests/cql/${fileName}`,
      });
    }
  }
  return cases;
}

function main() {
  const files = readdirSync(xmlDir)
    .filter((f) => f.endsWith('.xml'))
    .sort();
  const sample = files.flatMap((f) => convertXml(f, readFileSync(join(xmlDir, f), 'utf8')));
  const ids = new Set();
  for (const c of sample) {
    const id = `${c.suite}:${c.group}:${c.name}`;
    if (ids.has(id)) throw new Error(`duplicate case ${id}`);
    ids.add(id);
  }
  const json = `${JSON.stringify(sample, null, 2)}\n`;
  if (process.argv.includes('--check')) {
    const current = readFileSync(outFile, 'utf8');
    if (current !== json) {
      console.error('sample.json is out of date: run node scripts/cql-conformance/convert.mjs');
      process.exit(1);
    }
    console.log(`sample.json is up to date (${sample.length} cases)`);
    return;
  }
  writeFileSync(outFile, json);
  console.log(`wrote ${sample.length} cases from ${files.length} files to ${outFile}`);
}

main();
