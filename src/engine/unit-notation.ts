import { ucumProblem } from '../cql-toolchain/ucum-service.js';
import type { Quantity } from 'fhir/r4';

const UCUM = 'http://unitsofmeasure.org';

/**
 * Common lab notations of UCUM units, rewritten to their UCUM form. These are spellings of the
 * same unit, not guesses: anything not listed and not valid UCUM stays unconvertible.
 */
const NOTATIONS: Record<string, string> = {
  'x10^9/L': '10*9/L',
  '10^9/L': '10*9/L',
  'x10E9/L': '10*9/L',
  '10E9/L': '10*9/L',
  'x10^3/uL': '10*3/uL',
  '10^3/uL': '10*3/uL',
  'x10E3/uL': '10*3/uL',
  'K/uL': '10*3/uL',
  'K/µL': '10*3/uL',
  'cells/uL': '{cells}/uL',
  'cells/µL': '{cells}/uL',
  'cells/mm3': '{cells}/mm3',
  'µmol/L': 'umol/L',
  'µL': 'uL',
  'mL/min/1.73m2': 'mL/min/{1.73_m2}',
  'mL/min/1.73 m2': 'mL/min/{1.73_m2}',
  'mL/min/1.73m^2': 'mL/min/{1.73_m2}',
  'titer': '{titer}',
};

/**
 * Makes a Quantity safe for the CQL runtime, which throws on a unit it cannot parse (that would
 * lose the whole criterion). Known notations become UCUM; any other non-UCUM unit is wrapped as a
 * UCUM annotation `{…}`, which parses but converts to nothing, so thresholds report "unit cannot
 * be converted" (unknown) instead of guessing. The display `unit` is left as the source gave it.
 */
export function safeQuantity(q: Quantity): Quantity {
  if (q.system && q.system !== UCUM) return q;
  const given = q.code ?? q.unit;
  if (given === undefined) return q;
  const notation = NOTATIONS[given.trim()];
  if (notation) return { ...q, code: notation, system: UCUM };
  if (!ucumProblem(given)) return q;
  // Annotations take printable ASCII only, without braces or spaces.
  return { ...q, code: `{${given.replace(/[^!-z|~]/g, '_')}}`, system: UCUM };
}
