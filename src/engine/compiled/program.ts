// A Program is a set of ELM libraries compiled to JavaScript closures, once per loaded trial set.
// Libraries shared by several trials (FHIRHelpers, Eligibility) are compiled once, and defines that
// are the same expression over the same data (same fingerprint) share one value slot per patient.
import { createHash } from 'node:crypto';
import { CompileContext, FrameLayout, type Dependencies, type NodeCompiler } from './compile-context.js';
import { resultType, specOf } from './type-specs.js';
import { UNSET, Unsupported, type ElmNode, type Expr, type Runtime, type TypeSpec } from './types.js';

export interface ElmLibrary {
  library: ElmNode;
}

export class LibraryUnit {
  readonly name: string;
  readonly version: string;
  readonly key: string;
  readonly includes = new Map<string, LibraryUnit>();
  readonly defines = new Map<string, DefineUnit>();
  readonly functions = new Map<string, FunctionUnit[]>();
  readonly valueSets = new Map<string, ElmNode>();
  readonly codeSystems = new Map<string, ElmNode>();
  readonly codes = new Map<string, ElmNode>();
  readonly concepts = new Map<string, ElmNode>();
  readonly parameters = new Map<string, ElmNode>();
  /** Every operand, alias and let name in the library (cql-execution resolves names dynamically). */
  readonly localNames = new Set<string>();

  constructor(readonly elm: ElmLibrary) {
    const lib = elm.library;
    this.name = lib.identifier?.id;
    this.version = lib.identifier?.version ?? '';
    this.key = `${this.name}|${this.version}`;
    for (const def of lib.valueSets?.def ?? []) this.valueSets.set(def.name, def);
    for (const def of lib.codeSystems?.def ?? []) this.codeSystems.set(def.name, def);
    for (const def of lib.codes?.def ?? []) this.codes.set(def.name, def);
    for (const def of lib.concepts?.def ?? []) this.concepts.set(def.name, def);
    for (const def of lib.parameters?.def ?? []) this.parameters.set(def.name, def);
    for (const def of lib.statements?.def ?? []) {
      if (def.type === 'FunctionDef') {
        const list = this.functions.get(def.name) ?? [];
        list.push(new FunctionUnit(this, def, list.length));
        this.functions.set(def.name, list);
      } else {
        this.defines.set(def.name, new DefineUnit(this, def));
      }
    }
    collectLocalNames(lib.statements, this.localNames);
  }

  /** The library an ELM `libraryName` refers to (this library when absent). */
  resolve(libraryName: string | undefined, nodeType: string): LibraryUnit {
    if (libraryName == null || libraryName === this.name) return this;
    const included = this.includes.get(libraryName);
    if (!included) throw new Unsupported(nodeType, `unknown library ${libraryName}`);
    return included;
  }
}

function collectLocalNames(node: unknown, names: Set<string>): void {
  if (Array.isArray(node)) {
    node.forEach((n) => collectLocalNames(n, names));
    return;
  }
  if (!node || typeof node !== 'object') return;
  const n = node as ElmNode;
  if (typeof n.alias === 'string') names.add(n.alias);
  if (typeof n.identifier === 'string') names.add(n.identifier);
  if (n.type === 'FunctionDef') for (const o of n.operand ?? []) names.add(o.name);
  for (const [k, v] of Object.entries(n)) if (k !== 'annotation') collectLocalNames(v, names);
}

function containsNode(node: unknown, test: (n: ElmNode) => boolean): boolean {
  if (Array.isArray(node)) return node.some((n) => containsNode(n, test));
  if (!node || typeof node !== 'object') return false;
  const n = node as ElmNode;
  if (typeof n.type === 'string' && test(n)) return true;
  return Object.entries(n).some(([k, v]) => k !== 'annotation' && containsNode(v, test));
}

function nodeCount(node: unknown): number {
  if (Array.isArray(node)) return node.reduce((n: number, x) => n + nodeCount(x), 0);
  if (!node || typeof node !== 'object') return 0;
  let n = typeof (node as ElmNode).type === 'string' && !String((node as ElmNode).type).endsWith('TypeSpecifier') ? 1 : 0;
  for (const [k, v] of Object.entries(node)) if (k !== 'annotation' && k !== 'resultTypeSpecifier' && k !== 'signature') n += nodeCount(v);
  return n;
}

export class DefineUnit {
  slot = -1;
  body?: Expr;
  frameSize = 0;
  unsupported?: string;
  deps?: Dependencies;
  /** Set for the one unit per fingerprint that is compiled; the others share its slot. */
  sharedWith?: DefineUnit;

  constructor(
    readonly library: LibraryUnit,
    readonly elm: ElmNode,
  ) {}

  get name(): string {
    return this.elm.name;
  }
}

export class FunctionUnit {
  body?: Expr;
  frameSize = 0;
  unsupported?: string;
  compiling = false;
  deps?: Dependencies;
  readonly operandTypes: TypeSpec[];
  /** Worth memoizing per patient: the body runs a query or a retrieve, or is more than a few nodes. */
  readonly expensive: boolean;

  constructor(
    readonly library: LibraryUnit,
    readonly elm: ElmNode,
    readonly index: number,
  ) {
    this.expensive = containsNode(elm.expression, (n) => n.type === 'Query' || n.type === 'Retrieve') || nodeCount(elm.expression) >= 6;
    this.operandTypes = (elm.operand ?? []).map((o: ElmNode) => (o.operandTypeSpecifier ? specOf(o.operandTypeSpecifier) : { kind: 'named', name: o.operandType }));
  }

  get name(): string {
    return this.elm.name;
  }

  get arity(): number {
    return this.operandTypes.length;
  }

  get id(): string {
    return `${this.library.key}::${this.name}#${this.index}`;
  }
}

/** Raised when a compiled define needs an interpreted define's value that was not supplied first. */
export class MissingInterpretedValue extends Error {}

export class Program {
  readonly libraries = new Map<string, LibraryUnit>();
  /** Compiled-or-interpreted defines by value slot (one unit per slot: the fingerprint's owner). */
  readonly slots: DefineUnit[] = [];
  private readonly slotByFingerprint = new Map<string, number>();
  private readonly fingerprints = new Map<DefineUnit, string>();

  constructor(
    readonly compilers: ReadonlyMap<string, NodeCompiler>,
    /** Resolved value sets by url (the engine's code service). */
    readonly valueSetByUrl: (url: string, version: string | undefined) => unknown,
  ) {}

  /** Adds a library and the libraries it includes (`main` first, as the engine loads them). */
  addLibraries(elms: ElmLibrary[]): LibraryUnit {
    const units = elms.map((elm) => this.unitFor(elm));
    for (const unit of units) {
      for (const inc of unit.elm.library.includes?.def ?? []) {
        const target = units.find((u) => u.name === inc.path && (!inc.version || u.version === inc.version)) ?? this.libraries.get(`${inc.path}|${inc.version ?? ''}`);
        if (target) unit.includes.set(inc.localIdentifier, target);
      }
    }
    for (const unit of units) for (const define of unit.defines.values()) this.assignSlot(define);
    return units[0]!;
  }

  private unitFor(elm: ElmLibrary): LibraryUnit {
    const probe = new LibraryUnit(elm);
    const existing = this.libraries.get(probe.key);
    if (existing) {
      if (existing.elm !== elm && JSON.stringify(existing.elm) !== JSON.stringify(elm)) {
        throw new Error(`two different libraries are both called ${probe.key}`);
      }
      return existing;
    }
    this.libraries.set(probe.key, probe);
    return probe;
  }

  private assignSlot(define: DefineUnit): void {
    if (define.slot >= 0) return;
    const fingerprint = this.fingerprintOf(define);
    const shared = this.slotByFingerprint.get(fingerprint);
    if (shared !== undefined) {
      define.slot = shared;
      define.sharedWith = this.slots[shared];
      return;
    }
    define.slot = this.slots.length;
    this.slots.push(define);
    this.slotByFingerprint.set(fingerprint, define.slot);
  }

  /** The define's expression with every reference resolved to what it means (see canonical()). */
  fingerprintOf(define: DefineUnit): string {
    let fp = this.fingerprints.get(define);
    if (fp === undefined) {
      this.fingerprints.set(define, `cycle:${define.library.key}::${define.name}`);
      const canonical = { context: define.elm.context, expression: this.canonical(define.elm.expression, define.library) };
      fp = createHash('sha1').update(JSON.stringify(canonical)).digest('hex');
      this.fingerprints.set(define, fp);
    }
    return fp;
  }

  private canonical(node: unknown, library: LibraryUnit): unknown {
    if (Array.isArray(node)) return node.map((n) => this.canonical(n, library));
    if (!node || typeof node !== 'object') return node;
    const n = node as ElmNode;
    switch (n.type) {
      case 'ExpressionRef': {
        const target = library.resolve(n.libraryName, n.type).defines.get(n.name);
        return { type: n.type, ref: target ? this.fingerprintOf(target) : `missing:${n.name}` };
      }
      case 'FunctionRef':
        return { type: n.type, fn: `${library.resolve(n.libraryName, n.type).key}::${n.name}`, operand: this.canonical(n.operand, library) };
      case 'ValueSetRef': {
        const def = library.resolve(n.libraryName, n.type).valueSets.get(n.name);
        return { type: n.type, id: def?.id, version: def?.version };
      }
      case 'CodeSystemRef':
      case 'CodeRef':
      case 'ConceptRef':
      case 'ParameterRef':
        return { type: n.type, ref: `${library.resolve(n.libraryName, n.type).key}::${n.name}` };
    }
    const out: Record<string, unknown> = {};
    for (const [k, v] of Object.entries(n)) {
      if (k === 'localId' || k === 'locator' || k === 'annotation' || k === 'resultTypeName' || k === 'resultTypeSpecifier' || k === 'signature') continue;
      out[k] = this.canonical(v, library);
    }
    return out;
  }

  /** Compiles every define of every library (unsupported ones are marked, not thrown). */
  compileAll(): void {
    for (const define of this.slots) this.compileDefine(define);
  }

  compileDefine(define: DefineUnit): void {
    if (define.body || define.unsupported) return;
    const layout = new FrameLayout();
    const deps: Dependencies = { defines: new Set(), functions: new Set() };
    try {
      const context = new CompileContext(this, define.library, layout, new Map(), deps);
      define.body = context.compile(define.elm.expression);
      define.frameSize = layout.size;
      define.deps = deps;
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      define.unsupported = error.message;
    }
  }

  /** Compiles a function body on first use; an unsupported body makes its callers unsupported. */
  compileFunction(fn: FunctionUnit): void {
    if (fn.body || fn.compiling) return;
    if (fn.unsupported) throw new Unsupported('FunctionRef', `${fn.name}: ${fn.unsupported}`);
    if (fn.elm.external) {
      fn.unsupported = 'external function';
      throw new Unsupported('FunctionRef', `${fn.name}: external function`);
    }
    fn.compiling = true;
    const layout = new FrameLayout();
    const deps: Dependencies = { defines: new Set(), functions: new Set() };
    try {
      const operands = (fn.elm.operand ?? []).map((o: ElmNode, i: number) => ({ name: o.name, type: fn.operandTypes[i]! }));
      const { context } = new CompileContext(this, fn.library, layout, new Map(), deps).bind(operands);
      fn.body = context.compile(fn.elm.expression);
      fn.frameSize = layout.size;
      fn.deps = deps;
    } catch (error) {
      if (!(error instanceof Unsupported)) throw error;
      fn.unsupported = error.message;
      throw new Unsupported('FunctionRef', `${fn.name}: ${error.message}`);
    } finally {
      fn.compiling = false;
    }
  }

  /** The value of the define in `slot` for this patient (computed once, then kept). */
  defineValue(rt: Runtime, slot: number): any {
    const value = rt.defines[slot];
    if (value !== UNSET) return value;
    const define = this.slots[slot]!;
    if (!define.body) throw new MissingInterpretedValue(`${define.library.name}."${define.name}" runs interpreted and was not computed first`);
    const computed = define.body(rt, new Array(define.frameSize));
    rt.defines[slot] = computed;
    return computed;
  }

  private readonly interpretedDeps = new Map<DefineUnit, DefineUnit[]>();

  /** Interpreted defines (slots) that computing `define` needs first, through compiled code. */
  interpretedDependencies(define: DefineUnit): DefineUnit[] {
    let deps = this.interpretedDeps.get(define);
    if (!deps) this.interpretedDeps.set(define, (deps = this.findInterpretedDependencies(define)));
    return deps;
  }

  private findInterpretedDependencies(define: DefineUnit): DefineUnit[] {
    const found = new Set<DefineUnit>();
    const seenDefines = new Set<DefineUnit>();
    const seenFunctions = new Set<FunctionUnit>();
    const visit = (deps: Dependencies | undefined): void => {
      for (const slot of deps?.defines ?? []) {
        const d = this.slots[slot]!;
        if (seenDefines.has(d)) continue;
        seenDefines.add(d);
        if (d.body) visit(d.deps);
        else found.add(d);
      }
      for (const fn of deps?.functions ?? []) {
        if (seenFunctions.has(fn)) continue;
        seenFunctions.add(fn);
        visit(fn.deps);
      }
    };
    const owner = this.slots[define.slot]!;
    if (owner.body) visit(owner.deps);
    return [...found];
  }

  /** Type of a define's value (for ExpressionRef). */
  defineType(define: DefineUnit): TypeSpec {
    return resultType(define.elm.expression ?? define.elm);
  }
}
