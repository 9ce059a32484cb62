import { createWriteStream, mkdirSync, type WriteStream } from 'node:fs';
import { join } from 'node:path';
import type { Medication, Patient, Resource } from 'fhir/r4';
import { backgroundResources, type Context } from './background.js';
import { lupusResources, lupusTemplates } from './lupus.js';
import { createRandom } from './random.js';

/**
 * Deterministic test populations for screening and evaluation benchmarks: the same options give
 * the same resources on any machine. A share of patients have lupus (a trial template chart plus
 * two years of monthly labs); everyone has Synthea-like background (encounters with vitals,
 * common conditions, flu shots, medications). Patients have roughly 40–900 resources (≈ 350 mean).
 */
export interface PopulationOptions {
  count: number;
  seed?: number;
  /** Screening date the charts are built around, YYYY-MM-DD. */
  asOf?: string;
  /** Share of patients with lupus (default 0.35). */
  lupusShare?: number;
  /** Patient id prefix (default `gen`). */
  prefix?: string;
}

/** A small formulary shared by reference (exercises Medication resolution in NDJSON exports). */
export const FORMULARY: Medication[] = [
  {
    resourceType: 'Medication',
    id: 'formulary-hcq',
    code: { coding: [{ system: 'http://www.nlm.nih.gov/research/umls/rxnorm', code: '5521', display: 'hydroxychloroquine' }] },
  },
];

/** Yields one patient at a time (Patient first): memory stays that of one chart. */
export function* generatePopulation(options: PopulationOptions): Generator<Resource[]> {
  const rng = createRandom(options.seed ?? 42);
  const asOf = new Date(`${options.asOf ?? '2026-11-01'}T00:00:00Z`);
  const templates = lupusTemplates();
  for (let i = 0; i < options.count; i++) {
    const pid = `${options.prefix ?? 'gen'}-${String(i).padStart(6, '0')}`;
    let n = 0;
    const c: Context = { pid, asOf, rng, nextId: () => `${pid}-${++n}` };
    const lupus = rng.chance(options.lupusShare ?? 0.35);
    const age = lupus ? rng.int(8, 40) : rng.int(1, 85);
    const patient: Patient = {
      resourceType: 'Patient', id: pid, gender: rng.chance(lupus ? 0.85 : 0.5) ? 'female' : 'male',
      birthDate: `${asOf.getUTCFullYear() - age}-${String(rng.int(1, 12)).padStart(2, '0')}-${String(rng.int(1, 28)).padStart(2, '0')}`,
      name: [{ family: 'Generated', given: [`P${i}`] }],
    };
    const resources: Resource[] = [patient, ...backgroundResources(c)];
    if (lupus) resources.push(...lupusResources(c, templates[i % templates.length]!), hcqByReference(c));
    yield resources;
  }
}

function hcqByReference(c: Context): Resource {
  return {
    resourceType: 'MedicationStatement', id: c.nextId(), status: 'active', subject: { reference: `Patient/${c.pid}` },
    medicationReference: { reference: 'Medication/formulary-hcq' },
    effectivePeriod: { start: new Date(c.asOf.getTime() - 400 * 86_400_000).toISOString().slice(0, 10) },
  } as Resource;
}

/** Writes a Bulk Data style export: one `<Type>.ndjson` per resource type, streamed. */
export async function writeNdjsonExport(dir: string, options: PopulationOptions): Promise<{ patients: number; resources: number }> {
  mkdirSync(dir, { recursive: true });
  const streams = new Map<string, WriteStream>();
  let resources = 0;
  const write = async (r: Resource) => {
    let s = streams.get(r.resourceType);
    if (!s) streams.set(r.resourceType, (s = createWriteStream(join(dir, `${r.resourceType}.ndjson`))));
    resources++;
    if (!s.write(JSON.stringify(r) + '\n')) await new Promise<void>((res) => s.once('drain', () => res()));
  };
  for (const m of FORMULARY) await write(m);
  for (const patient of generatePopulation(options)) for (const r of patient) await write(r);
  await Promise.all([...streams.values()].map((s) => new Promise<void>((res) => s.end(() => res()))));
  return { patients: options.count, resources };
}
