import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Bundle, Resource } from 'fhir/r4';
import { PROJECT_ROOT } from '../../src/project-paths.js';
import { day, vital, type Context } from './background.js';

/**
 * Lupus patients start from the bundled trials' "ideal" case bundles (the authors' complete charts),
 * shifted to the run's as-of date and perturbed (labs dropped or out of range, an exclusion
 * added) so a population gets every trial status; then two years of monthly labs are added.
 */
const TEMPLATE_AS_OF = Date.parse('2026-11-01T00:00:00Z');

export function lupusTemplates(): Resource[][] {
  const dir = join(PROJECT_ROOT, 'cql', 'trials');
  const templates: Resource[][] = [];
  for (const trial of readdirSync(dir).sort()) {
    try {
      const c = JSON.parse(readFileSync(join(dir, trial, 'cases', 'ideal.json'), 'utf8')) as { bundle: Bundle };
      templates.push((c.bundle.entry ?? []).map((e) => e.resource!).filter(Boolean));
    } catch {
      // a trial folder without an ideal case (mid-edit) contributes no template
    }
  }
  if (templates.length === 0) throw new Error('no cql/trials/*/cases/ideal.json to build lupus patients from');
  return templates;
}

/** Monthly labs of a treated lupus patient: [LOINC, display, unit, mean, sd]. */
const LABS: [string, string, string, number, number][] = [
  ['718-7', 'Hemoglobin [Mass/volume] in Blood', 'g/dL', 11.8, 1.2],
  ['777-3', 'Platelets [#/volume] in Blood by Automated count', '10*3/uL', 230, 60],
  ['751-8', 'Neutrophils [#/volume] in Blood by Automated count', '10*3/uL', 3.6, 1.1],
  ['731-0', 'Lymphocytes [#/volume] in Blood by Automated count', '10*3/uL', 1.3, 0.4],
  ['2160-0', 'Creatinine [Mass/volume] in Serum or Plasma', 'mg/dL', 0.8, 0.25],
  ['1742-6', 'Alanine aminotransferase [Enzymatic activity/volume] in Serum or Plasma', 'U/L', 24, 10],
  ['1920-8', 'Aspartate aminotransferase [Enzymatic activity/volume] in Serum or Plasma', 'U/L', 26, 9],
  ['2890-2', 'Protein/Creatinine [Mass Ratio] in Urine', 'mg/g', 900, 600],
];

export function lupusResources(c: Context, template: readonly Resource[]): Resource[] {
  const shiftDays = Math.round((c.asOf.getTime() - TEMPLATE_AS_OF) / 86_400_000);
  const idMap = new Map<string, string>();
  for (const r of template) if (r.resourceType !== 'Patient' && r.id) idMap.set(`${r.resourceType}/${r.id}`, c.nextId());
  const oldPatient = template.find((r) => r.resourceType === 'Patient')!;
  const out: Resource[] = [];
  for (const r of template) {
    if (r.resourceType === 'Patient') continue;
    if (r.resourceType === 'Observation' && c.rng.chance(0.12)) continue; // a missing lab → unknown
    let text = JSON.stringify(r).split(`Patient/${oldPatient.id}`).join(`Patient/${c.pid}`);
    for (const [from, to] of idMap) text = text.split(`"${from}"`).join(`"${from.split('/')[0]}/${to}"`);
    text = shiftDates(text, shiftDays);
    const copy = JSON.parse(text) as Resource;
    copy.id = idMap.get(`${r.resourceType}/${r.id}`) ?? c.nextId();
    out.push(perturb(c, copy));
  }
  for (let month = 1; month <= 24; month++) {
    const date = day(c.asOf, month * 30 + c.rng.int(0, 6));
    for (const [code, display, unit, mean, sd] of LABS) {
      if (code === '2890-2' && month % 3 !== 0) continue;
      out.push(vital(c, undefined, date, code, display, unit, Math.max(0, Math.round(c.rng.normal(mean, sd) * 100) / 100)));
    }
  }
  return out;
}

/** Some patients get a recent failing lab (hemoglobin 6.8 g/dL): ineligible on the lab criteria. */
function perturb(c: Context, r: Resource): Resource {
  const obs = r as { code?: { coding?: { code?: string }[] }; valueQuantity?: { value?: number } };
  if (r.resourceType === 'Observation' && obs.code?.coding?.[0]?.code === '718-7' && obs.valueQuantity && c.rng.chance(0.2)) {
    obs.valueQuantity.value = 6.8;
  }
  return r;
}

/** Moves every ISO date in a JSON text by `days` (date-times keep their time and offset). */
function shiftDates(text: string, days: number): string {
  if (days === 0) return text;
  return text.replace(/"(\d{4}-\d{2}-\d{2})(T[^"]*)?"/g, (_m, d: string, rest = '') => {
    const shifted = new Date(Date.parse(`${d}T00:00:00Z`) + days * 86_400_000).toISOString().slice(0, 10);
    return `"${shifted}${rest}"`;
  });
}
