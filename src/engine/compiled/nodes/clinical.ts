// Retrieves, value sets, codes, concepts and ages.
import type { CompileContext, NodeCompiler } from '../compile-context.js';
import type { LibraryUnit } from '../program.js';
import { cql, datatypes } from '../cql-lib.js';
import { fhirClass } from '../fhir-model.js';
import { resolveValueSet, valueSetValue } from '../value-sets.js';
import { Unsupported, type ElmNode, type Expr } from '../types.js';

function codeSystemValue(library: LibraryUnit, ref: ElmNode): () => any {
  const def = library.resolve(ref.libraryName, 'CodeSystemRef').codeSystems.get(ref.name);
  if (!def) throw new Unsupported('CodeSystemRef', `unknown code system ${ref.name}`);
  return () => new datatypes.CodeSystem(def.id, def.version, def.name);
}

/** A ValueSetRef's compile-time parts: its definition and (resolved once) expansion. */
function valueSetOf(c: CompileContext, ref: ElmNode): { def: ElmNode; value: () => any } {
  const library = c.library.resolve(ref.libraryName, 'ValueSetRef');
  const def = library.valueSets.get(ref.name);
  if (!def) throw new Unsupported('ValueSetRef', `unknown value set ${ref.name}`);
  const systems = def.codeSystem?.map((cs: ElmNode) => codeSystemValue(library, cs));
  return { def, value: () => valueSetValue(def, systems?.map((s: () => any) => s())) };
}

const valueSetRef: NodeCompiler = (node, c) => valueSetOf(c, node).value;

const retrieve: NodeCompiler = (node, c) => {
  // templateId is the profile cql-exec-fhir would check only with requireProfileTagging (off here).
  if (node.dateProperty || node.dateRange || node.context || node.includedIn) throw new Unsupported(node.type, 'date-filtered or related retrieve');
  const ci = fhirClass(node.dataType);
  if (!ci) throw new Unsupported(node.type, `unknown type ${node.dataType}`);
  const type = String(ci.name).replace(/^FHIR\./, '');
  const codeProperty: string | undefined = node.codeProperty;
  if (!node.codes) {
    const all = `${type}|all`;
    return (rt) => rt.retrieved(all) ?? rt.retrieve(type, undefined, undefined, all);
  }
  if (node.codes.type === 'ValueSetRef') {
    const { def } = valueSetOf(c, node.codes);
    const program = c.program;
    const key = `${type}|${codeProperty}|vs|${def.id}|${def.version ?? ''}`;
    const vs = { id: def.id, version: def.version };
    return (rt) => rt.retrieved(key) ?? rt.retrieve(type, codeProperty, resolveValueSet(program, vs), key);
  }
  const codes = c.compile(node.codes);
  const program = c.program;
  return (rt, f) => {
    const executed = codes(rt, f);
    if (executed == null) return [];
    const resolved = Array.isArray(executed) ? executed : resolveValueSet(program, executed);
    return rt.retrieve(type, codeProperty, resolved, undefined);
  };
};

function membership(node: ElmNode, c: CompileContext): Expr {
  if (node.valueset) {
    const { def } = valueSetOf(c, node.valueset);
    const vs = { id: def.id, version: def.version };
    const program = c.program;
    return () => resolveValueSet(program, vs);
  }
  const expression = c.compile(node.valuesetExpression);
  const program = c.program;
  return (rt, f) => {
    const vs = expression(rt, f);
    if (vs == null || !vs.isValueSet) throw new Error(`ValueSet must be provided to ${node.type} expression`);
    return resolveValueSet(program, vs);
  };
}

const inValueSet: NodeCompiler = (node, c) => {
  const code = c.compile(node.code);
  const expansion = membership(node, c);
  return (rt, f) => {
    const v = code(rt, f);
    if (v == null) return false;
    return expansion(rt, f).hasMatch(v);
  };
};

const anyInValueSet: NodeCompiler = (node, c) => {
  const codes = c.compile(node.codes);
  const expansion = membership(node, c);
  return (rt, f) => {
    const v = codes(rt, f);
    if (v == null) return false;
    const vs = expansion(rt, f);
    return v.some((code: any) => vs.hasMatch(code));
  };
};

const expandValueSet: NodeCompiler = (node, c) => {
  const a = c.operand(node);
  const program = c.program;
  return (rt, f) => {
    const vs = a(rt, f);
    if (vs == null) return null;
    if (!vs.isValueSet) throw new Error('ExpandValueSet function invoked on object that is not a ValueSet');
    return resolveValueSet(program, vs).expand();
  };
};

const codeSystemRef: NodeCompiler = (node, c) => codeSystemValue(c.library, node);

/** A code definition's value, its code system read in the code's own library (as cql-execution). */
function codeDefValue(library: LibraryUnit, name: string): () => any {
  const def = library.codes.get(name);
  if (!def) return () => undefined;
  const system = codeSystemValue(library, { name: def.codeSystem.name });
  return () => {
    const s = system();
    return new datatypes.Code(def.id, s.id, s.version, def.display);
  };
}

const codeRef: NodeCompiler = (node, c) => codeDefValue(c.library.resolve(node.libraryName, node.type), node.name);

const code: NodeCompiler = (node, c) => {
  const def = c.library.codeSystems.get(node.system.name);
  return () => new datatypes.Code(node.code, def?.id, node.version, node.display);
};

const conceptRef: NodeCompiler = (node, c) => {
  const def = c.library.concepts.get(node.name);
  if (!def) return () => undefined;
  const codes = (def.code ?? []).map((ref: ElmNode) => codeDefValue(c.library, ref.name));
  return () => new datatypes.Concept(codes.map((code: () => any) => code()), def.display);
};

const concept: NodeCompiler = (node, c) => {
  const codes = (node.code ?? []).map((code: ElmNode) => {
    const system = c.library.codeSystems.get(code.system.name);
    return () => new datatypes.Code(code.code, system?.id, code.version, code.display);
  });
  return () => new datatypes.Concept(codes.map((code: () => any) => code()), node.display);
};

/** cql-execution's calculateAge: like types (Date/DateTime) first, then durationBetween. */
function calculateAge(precision: string, birthDate: any, asOf: any, timeZoneOffset?: number): any {
  if (birthDate != null && asOf != null) {
    if (asOf.isDate && birthDate.isDateTime) birthDate = birthDate.getDate();
    else if (asOf.isDateTime && birthDate.isDate) birthDate = birthDate.getDateTime(timeZoneOffset);
    const result = birthDate.durationBetween(asOf, precision.toLowerCase());
    return result?.isPoint() ? result.low : result;
  }
  return null;
}

const calculateAgeAt: NodeCompiler = (node, c) => {
  const [birth, at] = c.operands(node) as [Expr, Expr];
  const precision = node.precision;
  return (rt, f) => calculateAge(precision, birth(rt, f), at(rt, f), rt.executionDateTime.timezoneOffset);
};

const calculateAgeNow: NodeCompiler = (node, c) => {
  const birth = c.operand(node);
  const precision: string = node.precision;
  const byDate = precision.toLowerCase() === 'year' || precision.toLowerCase() === 'month';
  return (rt, f) => {
    const now = cql.DateTime.fromJSDate(rt.executionDateTime);
    return calculateAge(precision, birth(rt, f), byDate ? now.getDate() : now);
  };
};

export const clinicalCompilers: [string, NodeCompiler][] = [
  ['Retrieve', retrieve],
  ['ValueSetRef', valueSetRef],
  ['InValueSet', inValueSet],
  ['AnyInValueSet', anyInValueSet],
  ['ExpandValueSet', expandValueSet],
  ['CodeSystemRef', codeSystemRef],
  ['CodeRef', codeRef],
  ['Code', code],
  ['ConceptRef', conceptRef],
  ['Concept', concept],
  ['CalculateAgeAt', calculateAgeAt],
  ['CalculateAge', calculateAgeNow],
];
