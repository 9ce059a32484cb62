import { mkdirSync, mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Bundle, Resource } from 'fhir/r4';
import type { ScreenOptions } from '../../../src/batch/screen-population.js';
import type { LoadedEngine } from '../../../src/engine/load-engine.js';
import { PROJECT_ROOT } from '../../../src/project-paths.js';
import { condition, observation, patient, SNOMED } from '../../builders/fhir.js';

export const AS_OF = '2026-11-01';

/** The bundled trials' ideal charts, re-identified per patient so they can share one server/export. */
export function idealCharts(): Resource[][] {
  const dir = join(PROJECT_ROOT, 'cql', 'trials');
  return readdirSync(dir)
    .sort()
    .map((trial, i) => {
      const c = JSON.parse(readFileSync(join(dir, trial, 'cases', 'ideal.json'), 'utf8')) as { bundle: Bundle };
      return reidentify((c.bundle.entry ?? []).map((e) => e.resource!), `ideal-${i}`);
    });
}

function reidentify(resources: Resource[], pid: string): Resource[] {
  const old = resources.find((r) => r.resourceType === 'Patient')!.id!;
  let text = JSON.stringify(resources).split(`Patient/${old}"`).join(`Patient/${pid}"`);
  text = text.replace(/"id":"([^"]+)"/g, (_m, id: string) => `"id":"${id === old ? pid : `${pid}-${id}`}"`);
  for (const r of resources) if (r.id && r.id !== old) text = text.split(`"${r.resourceType}/${r.id}"`).join(`"${r.resourceType}/${pid}-${r.id}"`);
  return JSON.parse(text) as Resource[];
}

/** A patient with no lupus: quick to evaluate, ineligible everywhere. */
export function plainChart(pid: string): Resource[] {
  return [
    patient({ id: pid, birthDate: '1990-01-01' }),
    observation('718-7', '2026-10-01', { valueQuantity: { value: 13, unit: 'g/dL', system: 'http://unitsofmeasure.org', code: 'g/dL' } }, { id: `${pid}-hb`, subject: { reference: `Patient/${pid}` } }),
    condition(SNOMED, '38341003', { id: `${pid}-htn`, subject: { reference: `Patient/${pid}` } }),
  ];
}

export function population(): Resource[][] {
  return [...idealCharts(), plainChart('plain-1'), plainChart('plain-2')];
}

/**
 * An export folder: one file per type; plus, when asked, a malformed line (Observation.ndjson line 2)
 * and an Observation of a patient that has no Patient resource (an error line for `orphan-1`).
 */
export function writeExport(charts: Resource[][], faults = false): string {
  const dir = mkdtempSync(join(tmpdir(), 'trialcds-export-'));
  mkdirSync(dir, { recursive: true });
  const byType = new Map<string, string[]>();
  for (const r of charts.flat()) byType.set(r.resourceType, [...(byType.get(r.resourceType) ?? []), JSON.stringify(r)]);
  if (faults) {
    const obs = byType.get('Observation')!;
    obs.splice(1, 0, '{"resourceType": "Observation", "id": "broken"');
    obs.push(JSON.stringify({ resourceType: 'Observation', id: 'orphan-obs', status: 'final', code: { text: 'x' }, subject: { reference: 'Patient/orphan-1' } }));
  }
  for (const [type, lines] of byType) writeFileSync(join(dir, `${type}.ndjson`), lines.join('\n') + '\n');
  return dir;
}

export const sortedLines = (text: string) => text.split('\n').filter(Boolean).sort();

/** Screening options for the batch tests: evaluated on this thread, results in `out`. */
export function screenOptions(engine: LoadedEngine, input: ScreenOptions['input'], out: string, extra: Partial<ScreenOptions> = {}): ScreenOptions {
  return {
    input,
    engine,
    expand: (url) => engine.valueSets.get(url)?.codes,
    engineSpec: {},
    asOf: AS_OF,
    resultsPath: join(out, 'results.ndjson'),
    workers: 0,
    ...extra,
  };
}

export const ndjsonScreenOptions = (engine: LoadedEngine, exportDir: string, out: string, extra: Partial<ScreenOptions> = {}): ScreenOptions =>
  screenOptions(engine, { kind: 'ndjson', dir: exportDir }, out, extra);
