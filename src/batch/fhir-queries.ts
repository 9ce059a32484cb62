import { fillTemplate, prefetchTemplates, PATIENT_KEY, type ValueSetExpander } from '../data/query-templates.js';
import { BadInputError } from '../domain/errors.js';
import type { DataRequirement, TrialInfo } from '../domain/trial.js';

/**
 * The FHIR searches that fetch one patient's data, derived from the selected trials' data
 * requirements. They are the CDS Hooks prefetch templates (same derivation: one search per type,
 * narrowed to the value sets' codes when the URL stays short enough), filled with the patient id.
 */
export function patientQueryTemplates(trials: readonly TrialInfo[], expand: ValueSetExpander): string[] {
  const requirements: DataRequirement[] = trials.flatMap((t) => t.dataRequirements);
  const templates = prefetchTemplates(requirements, expand);
  return Object.entries(templates)
    .filter(([key]) => key !== PATIENT_KEY)
    .map(([, template]) => template);
}

export function queriesForPatient(templates: readonly string[], patientId: string): string[] {
  return templates.map((t) => fillTemplate(t, { patientId })!);
}

/** Value sets whose codes narrow the population before any per-patient fetch (`--prefilter`). */
export const PREFILTERS: Record<string, { valueSets: string[]; description: string }> = {
  sle: {
    valueSets: ['urn:trialcds:valueset:dx-sle', 'urn:trialcds:valueset:dx-lupus-nephritis'],
    description: 'patients with a Condition coded as SLE or lupus nephritis',
  },
};

/** Keeps the prefilter's Condition search URLs under this length (servers commonly accept ~8 KB). */
const MAX_URL = 7000;

/**
 * `Condition?code=sys|a,sys|b…` searches covering every code of the prefilter's value sets, split
 * so that no URL is too long. Our value sets have urn: canonicals a server does not know, so
 * `code:in` cannot be used: the codes are spelled out.
 */
export function prefilterSearches(name: string, expand: ValueSetExpander, pageSize: number): string[] {
  const prefilter = PREFILTERS[name];
  if (!prefilter) throw new BadInputError(`unknown prefilter "${name}"; known: ${Object.keys(PREFILTERS).join(', ')}`);
  const tokens = new Set<string>();
  for (const url of prefilter.valueSets) {
    const codes = expand(url);
    if (!codes?.length) throw new BadInputError(`prefilter "${name}" needs value set ${url}, which is not loaded`);
    for (const c of codes) tokens.add(`${encodeURIComponent(escapeToken(c.system))}|${encodeURIComponent(escapeToken(c.code))}`);
  }
  const base = `Condition?_count=${pageSize}&_elements=subject&code=`;
  const searches: string[] = [];
  let chunk: string[] = [];
  for (const token of [...tokens].sort()) {
    if (chunk.length > 0 && base.length + chunk.join(',').length + token.length + 1 > MAX_URL) {
      searches.push(base + chunk.join(','));
      chunk = [];
    }
    chunk.push(token);
  }
  if (chunk.length > 0) searches.push(base + chunk.join(','));
  return searches;
}

function escapeToken(value: string): string {
  return value.replace(/[\\,|$]/g, (c) => `\\${c}`);
}
