// Writes valuesets/README.md (value-set table generated from the definitions + the Gaps section).
// Usage: node scripts/valuesets/readme.mjs   (build.mjs calls it too)
import { writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { SCT, ICD, LNC, RX, CVX, CPT, LOCAL } from './common.mjs';
import { allDefinitions } from './defs/index.mjs';
import { GAPS } from './gaps.mjs';

const root = join(dirname(fileURLToPath(import.meta.url)), '..', '..');
const SHORT = new Map([[SCT, 'SNOMED CT'], [ICD, 'ICD-10-CM'], [LNC, 'LOINC'], [RX, 'RxNorm'], [CVX, 'CVX'], [CPT, 'CPT'], [LOCAL, 'local']]);
const GROUPS = [
  ['dx-', 'Diagnoses (Condition.code)'],
  ['proc-', 'Procedures (Procedure.code)'],
  ['lab-', 'Laboratory tests (Observation.code)'],
  ['obs-', 'Other observations (Observation.code)'],
  ['med-', 'Medications (MedicationRequest / MedicationStatement / Medication.code)'],
  ['vax-', 'Vaccines (Immunization.vaccineCode)'],
  ['allergy-', 'Allergy / intolerance substances (AllergyIntolerance.code)'],
];

export function renderReadme(defs) {
  const lines = [
    '# Value sets',
    '',
    'FHIR R4 `ValueSet` resources (one file per value set, `<id>.json`, canonical `urn:trialcds:valueset:<id>`,',
    'version 2026.11.0) used by the trials\' CQL. Every file carries `compose` (enumerated concepts) and an',
    '`expansion` listing exactly the same concepts, so the engine needs no terminology server.',
    '',
    '- **Do not edit the JSON by hand.** The definitions live in `scripts/valuesets/defs/*.mjs`;',
    '  `node scripts/valuesets/build.mjs` regenerates every file and this README,',
    '  `node scripts/valuesets/check.mjs` validates them (JSON, metadata, compose == expansion, no duplicate codes,',
    '  one display per code across files). How the codes were verified: [CHECKS.md](CHECKS.md).',
    '- Each description says what is in, what is **deliberately left out and why**, the SOURCES and HOW IT WAS CHECKED.',
    '  "review" in a description is a recommendation for the criterion\'s CQL (contract status `review`).',
    '- Match on system + code, never on display. Several sets are PARTIAL enumerations (marked in their title or',
    '  description); the Gaps section says how the criterion should handle what they cannot catch.',
    '',
    `${defs.length} value sets, ${new Set(defs.flatMap((d) => d.codes.map((x) => x.system + '|' + x.code))).size} distinct codes.`,
    '',
  ];
  for (const [prefix, heading] of GROUPS) {
    const rows = defs.filter((d) => d.id.startsWith(prefix));
    if (!rows.length) continue;
    lines.push(`## ${heading}`, '', '| id | title | systems | codes | used by (trial criterion) |', '|---|---|---|---|---|');
    for (const d of rows) {
      const counts = new Map();
      for (const x of d.codes) counts.set(x.system, (counts.get(x.system) ?? 0) + 1);
      const systems = [...counts.entries()].map(([s, n]) => `${SHORT.get(s) ?? s} ${n}`).join(', ');
      const esc = (t) => t.replace(/\|/g, '\\|');
      lines.push(`| \`${d.id}\` | ${esc(d.title)} | ${systems} | ${d.codes.length} | ${esc(d.usedBy)} |`);
    }
    lines.push('');
  }
  lines.push(GAPS.trim(), '');
  return lines.join('\n');
}

function main() {
  writeFileSync(join(root, 'valuesets', 'README.md'), renderReadme(allDefinitions));
  console.log('wrote valuesets/README.md');
}

if (process.argv[1] && fileURLToPath(import.meta.url) === process.argv[1]) main();
