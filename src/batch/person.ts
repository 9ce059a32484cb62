// Who a results line is about, for the people who call patients: name, MRN, birth date and sex as
// the source's Patient has them. Carried as an extra field of the screening results line (the
// results file already holds patient data) so `trialcds report` can rebuild the worklists from it.
import type { Patient } from 'fhir/r4';

export interface PersonFacts {
  name?: string;
  mrn?: string;
  birthDate?: string;
  /** Instead of the birth date in a de-identified run: whole years on the as-of date. */
  age?: string;
  sex?: string;
}

const MR = 'MR';
const V2_0203 = 'http://terminology.hl7.org/CodeSystem/v2-0203';

/** "Family, Given Middle" from the official (else usual, else first) name not ended. */
function nameOf(patient: Patient): string | undefined {
  const names = (patient.name ?? []).filter((n) => !n.period?.end);
  const name = names.find((n) => n.use === 'official') ?? names.find((n) => n.use === 'usual') ?? names[0];
  if (!name) return undefined;
  const given = (name.given ?? []).join(' ');
  const family = name.family ?? '';
  const text = family && given ? `${family}, ${given}` : family || given || name.text || '';
  return text.trim() || undefined;
}

/**
 * The medical record number: an identifier typed MR (v2-0203). An untyped identifier is taken only
 * when it is the patient's one identifier: a typed SSN, driver's licence or passport never is.
 */
function mrnOf(patient: Patient): string | undefined {
  const ids = (patient.identifier ?? []).filter((i) => i.value && i.use !== 'old');
  const typed = ids.find((i) => i.type?.coding?.some((c) => c.code === MR && (!c.system || c.system === V2_0203)));
  if (typed) return typed.value;
  return ids.length === 1 && !ids[0]!.type ? ids[0]!.value : undefined;
}

/** A de-identified run keeps no name, MRN or birth date in its results: the age and sex only. */
export function deidentifiedPersonOf(patient: Patient, asOf: string): PersonFacts {
  const age = ageOn(patient.birthDate, asOf);
  return { ...(age !== undefined ? { age } : {}), ...(patient.gender ? { sex: patient.gender } : {}) };
}

export function personOf(patient: Patient): PersonFacts {
  const name = nameOf(patient);
  const mrn = mrnOf(patient);
  return {
    ...(name ? { name } : {}),
    ...(mrn ? { mrn } : {}),
    ...(patient.birthDate ? { birthDate: patient.birthDate } : {}),
    ...(patient.gender ? { sex: patient.gender } : {}),
  };
}

/**
 * Age in whole years on `asOf` (YYYY-MM-DD). A birth date of year (and month) only gives a range
 * when the birthday may or may not have passed: "15–16".
 */
export function ageOn(birthDate: string | undefined, asOf: string): string | undefined {
  const m = /^(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?/.exec(birthDate ?? '');
  const on = /^(\d{4})-(\d{2})-(\d{2})/.exec(asOf);
  if (!m || !on) return undefined;
  const years = Number(on[1]) - Number(m[1]);
  const [month, day] = [Number(on[2]), Number(on[3])];
  const passed = (bm: number, bd: number) => bm < month || (bm === month && bd <= day);
  const low = (bm: number, bd: number) => years - (passed(bm, bd) ? 0 : 1);
  if (m[3]) return low(Number(m[2]), Number(m[3])) >= 0 ? String(low(Number(m[2]), Number(m[3]))) : undefined;
  const youngest = low(m[2] ? Number(m[2]) : 12, 31);
  const oldest = low(m[2] ? Number(m[2]) : 1, 1);
  if (oldest < 0) return undefined;
  return youngest === oldest || youngest < 0 ? String(oldest) : `${youngest}–${oldest}`;
}
