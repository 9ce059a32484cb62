// The patient data of an operation call: `data` and `prefetchData` Bundles (this service has no
// data of its own, so `useServerData` cannot be honoured), narrowed to `subject` when given.
import type { Bundle, BundleEntry, Parameters, Resource } from 'fhir/r4';
import { BadInputError } from '../../domain/errors.js';
import type { PatientData } from '../../domain/trial.js';
import { toPatientData } from '../../fhir/patient-data.js';
import {
  optionalBoolean,
  optionalBundle,
  optionalString,
  parametersNamed,
  patientIdOfSubject,
} from './operation-input.js';

/** prefetchData (CPG): repeating, parts `key` + `data`; a bare Bundle in `resource` is accepted too. */
function prefetchBundles(input: Parameters): Bundle[] {
  return parametersNamed(input, 'prefetchData').map((p) => {
    const resource = p.resource ?? p.part?.find((part) => part.name === 'data')?.resource;
    if (resource?.resourceType !== 'Bundle')
      throw new BadInputError('prefetchData must carry a Bundle (part "data")', 'structure');
    return resource;
  });
}

function mergeEntries(bundles: Bundle[]): BundleEntry[] {
  return bundles.flatMap((b) => {
    if (b.entry !== undefined && !Array.isArray(b.entry))
      throw new BadInputError('Bundle.entry is not an array', 'structure');
    return b.entry ?? [];
  });
}

/** Keeps only the subject's Patient resource; preparePatientData then drops other patients' data. */
function narrowToSubject(entries: BundleEntry[], subject: string): BundleEntry[] {
  const id = patientIdOfSubject(subject);
  const isOtherPatient = (r: Resource | undefined) => r?.resourceType === 'Patient' && r.id !== id;
  const kept = entries.filter((e) => !isOtherPatient(e.resource));
  if (!kept.some((e) => e.resource?.resourceType === 'Patient')) {
    throw new BadInputError(
      `subject ${subject} is not in the data given (no Patient with id "${id}")`,
      'not-found',
    );
  }
  return kept;
}

/**
 * The patient's data, or undefined when the call gives none and names no subject (an expression
 * that needs no patient). A subject without data is refused: we cannot look patients up.
 */
export function patientDataOf(input: Parameters): PatientData | undefined {
  const subject = optionalString(input, 'subject');
  const bundles = [optionalBundle(input, 'data'), ...prefetchBundles(input)].filter((b): b is Bundle => !!b);
  if (bundles.length === 0) {
    if (optionalBoolean(input, 'useServerData') === true) {
      throw new BadInputError(
        'useServerData: this service holds no patient data of its own; give the data to evaluate against in "data"',
        'required',
      );
    }
    if (subject)
      throw new BadInputError(
        `subject ${subject}: this service holds no patient data; give the patient's data in "data" (a Bundle)`,
        'required',
      );
    return undefined;
  }
  const entries = mergeEntries(bundles);
  const scoped = subject ? narrowToSubject(entries, subject) : entries;
  return toPatientData({ resourceType: 'Bundle', type: 'collection', entry: scoped });
}
