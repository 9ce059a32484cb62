import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
// ucum-lhc is CommonJS without types; this is the one place that touches it for the translator.
const ucum = require('@lhncbc/ucum-lhc') as {
  UcumLhcUtils: { getInstance(): UcumUtils };
};

interface UcumUtils {
  validateUnitString(unit: string): { status: string; msg?: string[] };
  convertUnitTo(from: string, value: number, to: string): { status: string; toVal?: number; msg?: string[] };
}

export const ucumUtils: UcumUtils = ucum.UcumLhcUtils.getInstance();

const validity = new Map<string, string | null>();

/** null when `unit` is valid UCUM, else the validator's message. Cached: units repeat endlessly. */
export function ucumProblem(unit: string): string | null {
  const known = validity.get(unit);
  if (known !== undefined) return known;
  // ucum-lhc console.logs when its parser throws; blanks, the usual cause, are rejected first.
  let problem: string | null = 'blank spaces are not allowed in UCUM units';
  if (!/\s/.test(unit)) {
    const result = ucumUtils.validateUnitString(unit);
    problem = result.status === 'valid' ? null : (result.msg ?? ['invalid UCUM unit']).join('; ');
  }
  validity.set(unit, problem);
  return problem;
}

/** Converts a value between UCUM units; undefined when the units are not commensurable. */
export function convertUcum(value: number, from: string, to: string): number | undefined {
  const result = ucumUtils.convertUnitTo(from, value, to);
  return result.status === 'succeeded' && typeof result.toVal === 'number' ? result.toVal : undefined;
}
