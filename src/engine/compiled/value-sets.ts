// Value sets and codes as cql-execution resolves them (through the engine's code service).
import { datatypes } from './cql-lib.js';
import type { Program } from './program.js';

/** cql-execution's resolveValueSet: the code service's expansion, or an error naming the value set. */
export function resolveValueSet(program: Program, vs: any): any {
  const expansion = program.valueSetByUrl(vs.id, vs.version);
  if (!expansion) throw new Error(`Unable to resolve expected valueset with id ${vs.id} and version ${vs.version}`);
  return expansion;
}

/** A ValueSetRef's value: cql-execution's CQLValueSet (id, version, name, code systems). */
export function valueSetValue(def: any, codeSystems: any[] | undefined): any {
  return new datatypes.CQLValueSet(def.id, def.version, def.name, codeSystems);
}
