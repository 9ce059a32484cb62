import type { Parameters, ParametersParameter } from 'fhir/r4';
import { BadInputError } from '../domain/errors.js';

/** The primitive value of a Parameters part, whatever its value[x] type, as text. */
function primitiveOf(part: ParametersParameter): string | undefined {
  for (const [key, value] of Object.entries(part)) {
    if (!key.startsWith('value')) continue;
    if (typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean')
      return String(value);
  }
  return undefined;
}

/** The one primitive value of parameter `name`, or undefined when absent. Two values are refused. */
export function stringParam(input: Parameters, name: string): string | undefined {
  const parts = (input.parameter ?? []).filter((p) => p.name === name);
  if (parts.length > 1) throw new BadInputError(`parameter ${name} may be given once (got ${parts.length})`);
  const part = parts[0];
  if (!part) return undefined;
  const value = primitiveOf(part);
  if (value === undefined)
    throw new BadInputError(
      `parameter ${name} must carry a primitive value (valueString, valueUri, valueInteger …)`,
    );
  return value;
}

/** A non-negative integer parameter, or undefined when absent. */
export function countParam(input: Parameters, name: string): number | undefined {
  const text = stringParam(input, name);
  if (text === undefined) return undefined;
  if (!/^\d+$/.test(text))
    throw new BadInputError(`parameter ${name} must be a non-negative integer (got "${text}")`);
  return Number(text);
}

/** Refuses parameters an operation does not know, so that a typo is not silently ignored. */
export function checkKnownParams(input: Parameters, operation: string, known: readonly string[]): void {
  const unknown = (input.parameter ?? []).map((p) => p.name).filter((n) => !known.includes(n));
  if (unknown.length) {
    throw new BadInputError(
      `${operation} does not take parameter ${unknown.join(', ')}; it takes ${known.join(', ')}`,
    );
  }
}
