// Reading an operation's input Parameters. The router turns GET query strings into valueString
// parts, so every reader accepts the string form of its type as well.
import type { Bundle, Parameters, ParametersParameter, Resource } from 'fhir/r4';
import { BadInputError } from '../../domain/errors.js';

export function parametersNamed(input: Parameters, name: string): ParametersParameter[] {
  return (input.parameter ?? []).filter((p) => p.name === name);
}

function single(input: Parameters, name: string): ParametersParameter | undefined {
  const found = parametersNamed(input, name);
  if (found.length > 1)
    throw new BadInputError(`parameter "${name}" is given ${found.length} times; it takes one value`);
  return found[0];
}

const STRING_FORMS = [
  'valueString',
  'valueCode',
  'valueUri',
  'valueUrl',
  'valueCanonical',
  'valueId',
  'valueDate',
  'valueDateTime',
] as const;

/** The text of a parameter given as any string-like FHIR type (valueString, valueCanonical, valueReference …). */
export function textOf(parameter: ParametersParameter): string | undefined {
  for (const key of STRING_FORMS) {
    const value = parameter[key];
    if (typeof value === 'string') return value;
  }
  return parameter.valueReference?.reference;
}

export function optionalString(input: Parameters, name: string): string | undefined {
  const parameter = single(input, name);
  if (!parameter) return undefined;
  const text = textOf(parameter);
  if (text === undefined || text.trim() === '')
    throw new BadInputError(`parameter "${name}" has no text value`);
  return text.trim();
}

export function requiredString(input: Parameters, name: string): string {
  const value = optionalString(input, name);
  if (value === undefined) throw new BadInputError(`parameter "${name}" is required`, 'required');
  return value;
}

export function strings(input: Parameters, name: string): string[] {
  return parametersNamed(input, name).map((p) => {
    const text = textOf(p);
    if (text === undefined || text.trim() === '')
      throw new BadInputError(`parameter "${name}" has no text value`);
    return text.trim();
  });
}

export function optionalBoolean(input: Parameters, name: string): boolean | undefined {
  const parameter = single(input, name);
  if (!parameter) return undefined;
  if (typeof parameter.valueBoolean === 'boolean') return parameter.valueBoolean;
  const text = parameter.valueString?.trim().toLowerCase();
  if (text === 'true' || text === 'false') return text === 'true';
  throw new BadInputError(`parameter "${name}" must be a boolean (true or false)`);
}

/** A resource parameter; over GET it may arrive as JSON text in valueString. */
export function optionalResource<T extends Resource>(
  input: Parameters,
  name: string,
  resourceType: T['resourceType'],
): T | undefined {
  const parameter = single(input, name);
  if (!parameter) return undefined;
  let resource: unknown = parameter.resource;
  if (resource === undefined && typeof parameter.valueString === 'string') {
    try {
      resource = JSON.parse(parameter.valueString);
    } catch {
      throw new BadInputError(
        `parameter "${name}" must be a ${resourceType} resource (the text given is not JSON)`,
      );
    }
  }
  const type = (resource as Resource | undefined)?.resourceType;
  if (type !== resourceType) {
    throw new BadInputError(
      `parameter "${name}" must be a ${resourceType} resource${type ? `, not ${type}` : ''}`,
      'structure',
    );
  }
  return resource as T;
}

export function optionalBundle(input: Parameters, name: string): Bundle | undefined {
  return optionalResource<Bundle>(input, name, 'Bundle');
}

/** `Patient/123` (or a bare id) → `123`; another resource type is refused. */
export function patientIdOfSubject(subject: string): string {
  const match = /^(?:(?:.*\/)?([A-Za-z]+)\/)?([A-Za-z0-9\-.]{1,64})$/.exec(subject);
  if (!match) throw new BadInputError(`subject "${subject}" is not a reference such as Patient/123`);
  if (match[1] !== undefined && match[1] !== 'Patient') {
    throw new BadInputError(`subject "${subject}": only Patient subjects are supported`);
  }
  return match[2]!;
}
