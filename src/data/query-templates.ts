import type { DataRequirement } from '../domain/trial.js';

/** Codes of a value set by canonical url; undefined when the value set is unknown. */
export type ValueSetExpander = (url: string) => readonly { system: string; code: string }[] | undefined;

/** Clients put prefetch URLs in a GET; stay well under the ~8000 characters servers accept. */
export const MAX_PREFETCH_URL_LENGTH = 8000;
/** Room left for the client's base URL and a long (64-character) patient id. */
const URL_MARGIN = 256 + 64;

export const PATIENT_TOKEN = '{{context.patientId}}';
export const PATIENT_KEY = 'patient';

/**
 * Search parameter that matches each (type, coded element) exactly. Medication resources are left
 * out on purpose: their `code` parameter misses `medicationReference`, so a code-filtered query
 * would silently drop medications coded on a referenced Medication (contract §2 rule 7).
 */
const CODE_SEARCH_PARAMS: Record<string, Record<string, string>> = {
  AllergyIntolerance: { code: 'code' },
  Condition: { code: 'code' },
  DiagnosticReport: { code: 'code' },
  Encounter: { type: 'type' },
  Immunization: { vaccineCode: 'vaccine-code' },
  Observation: { code: 'code' },
  Procedure: { code: 'code' },
  ServiceRequest: { code: 'code' },
};

/** Types whose resources are reached through a medication[x] element (and may reference a Medication). */
const MEDICATION_TYPES = new Set([
  'MedicationRequest',
  'MedicationStatement',
  'MedicationAdministration',
  'MedicationDispense',
]);

/** Types outside the patient compartment: they cannot be searched by patient. */
const NON_PATIENT_TYPES = new Set([
  'Medication',
  'Substance',
  'Practitioner',
  'PractitionerRole',
  'Organization',
  'Location',
]);

/**
 * Prefetch templates for a set of data requirements: the Patient read, then one search per
 * resource type, narrowed to the value sets' codes when every requirement of that type is coded
 * and the URL stays short enough; otherwise the whole type for the patient.
 */
export function prefetchTemplates(
  requirements: readonly DataRequirement[],
  expand: ValueSetExpander,
): Record<string, string> {
  const byType = groupByType(requirements);
  const templates: Record<string, string> = { [PATIENT_KEY]: `Patient/${PATIENT_TOKEN}` };
  for (const [type, reqs] of [...byType.entries()].sort(([a], [b]) => a.localeCompare(b))) {
    if (type === 'Patient' || NON_PATIENT_TYPES.has(type)) continue;
    templates[prefetchKey(type)] = templateFor(type, reqs, expand);
  }
  return templates;
}

function groupByType(requirements: readonly DataRequirement[]): Map<string, DataRequirement[]> {
  const byType = new Map<string, DataRequirement[]>();
  for (const r of requirements) byType.set(r.type, [...(byType.get(r.type) ?? []), r]);
  return byType;
}

function templateFor(type: string, reqs: readonly DataRequirement[], expand: ValueSetExpander): string {
  const base = `${type}?patient=${PATIENT_TOKEN}`;
  // A referenced Medication carries the codes; ask for it in the same search.
  if (MEDICATION_TYPES.has(type)) return `${base}&_include=${type}:medication`;
  const filter = codeFilterParam(type, reqs, expand);
  if (!filter) return base;
  const candidate = `${base}&${filter}`;
  return candidate.length + URL_MARGIN <= MAX_PREFETCH_URL_LENGTH ? candidate : base;
}

/** `code=sys|c1,sys|c2`, or undefined when any requirement of the type cannot be expressed as codes. */
function codeFilterParam(
  type: string,
  reqs: readonly DataRequirement[],
  expand: ValueSetExpander,
): string | undefined {
  const params = CODE_SEARCH_PARAMS[type];
  if (!params) return undefined;
  let param: string | undefined;
  const tokens = new Set<string>();
  for (const req of reqs) {
    if (req.codeFilters.length === 0) return undefined; // this requirement needs every resource of the type
    for (const f of req.codeFilters) {
      const p = params[f.path];
      if (!p || (param && p !== param)) return undefined;
      param = p;
      const codes = f.codes ?? (f.valueSet ? expand(f.valueSet) : undefined);
      if (!codes || codes.length === 0) return undefined;
      for (const c of codes) tokens.add(`${escapeToken(c.system)}|${escapeToken(c.code)}`);
    }
  }
  return param ? `${param}=${[...tokens].sort().join(',')}` : undefined;
}

/** FHIR search escaping (`\` before `,`, `|`, `$`, `\`), then percent-encoding of what a query cannot hold. */
function escapeToken(value: string): string {
  const fhirEscaped = value.replace(/[\\,|$]/g, (c) => `\\${c}`);
  return fhirEscaped.replace(/[^A-Za-z0-9\-._~:/@!'()*;=?]/g, (c) => encodeURIComponent(c));
}

/** `MedicationRequest` → `medication-request`: a stable, readable prefetch key per type. */
export function prefetchKey(type: string): string {
  return type.replace(/([a-z0-9])([A-Z])/g, '$1-$2').toLowerCase();
}

/** Resource type a template reads or searches (`Patient/{{…}}` → Patient). */
export function templateType(template: string): string {
  return template.split(/[/?]/, 1)[0] ?? '';
}

/**
 * Replaces CDS Hooks 2.0 prefetch tokens: `{{context.<field>}}` for primitive top-level context
 * fields and the user tokens derived from `context.userId`. Returns undefined when a token cannot
 * be filled (the template then cannot be run).
 */
export function fillTemplate(template: string, context: Record<string, unknown>): string | undefined {
  let unresolved = false;
  const filled = template.replace(/\{\{\s*([A-Za-z.]+)\s*\}\}/g, (_m, token: string) => {
    const value = tokenValue(token, context);
    if (value === undefined) {
      unresolved = true;
      return '';
    }
    return encodeURIComponent(value);
  });
  return unresolved ? undefined : filled;
}

const USER_TOKENS: Record<string, string> = {
  userPractitionerId: 'Practitioner',
  userPractitionerRoleId: 'PractitionerRole',
  userPatientId: 'Patient',
  userRelatedPersonId: 'RelatedPerson',
};

function tokenValue(token: string, context: Record<string, unknown>): string | undefined {
  if (token.startsWith('context.')) {
    const v = context[token.slice('context.'.length)];
    return typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean' ? String(v) : undefined;
  }
  const type = USER_TOKENS[token];
  const userId = context.userId;
  if (!type || typeof userId !== 'string') return undefined;
  const [userType, id] = userId.split('/');
  return userType === type && id ? id : undefined;
}
