// Compile-time state: which library an expression belongs to, which names are in scope (operands,
// query aliases, lets — each a slot of the call frame), and what the compiled code depends on.
import type { FunctionUnit, LibraryUnit, Program } from './program.js';
import { inferType } from './infer-type.js';
import { Unsupported, type ElmNode, type Expr, type TypeSpec } from './types.js';

export interface Binding {
  slot: number;
  type: TypeSpec;
}

/** The frame layout of one function (or define) body: every operand, alias and let gets a slot. */
export class FrameLayout {
  size = 0;
  allocate(): number {
    return this.size++;
  }
}

/** What a compiled body uses: defines (by slot) and functions, for fallback planning and sharing. */
export interface Dependencies {
  defines: Set<number>;
  functions: Set<FunctionUnit>;
}

export type NodeCompiler = (node: ElmNode, c: CompileContext) => Expr;

export class CompileContext {
  constructor(
    readonly program: Program,
    readonly library: LibraryUnit,
    readonly layout: FrameLayout,
    readonly bindings: ReadonlyMap<string, Binding>,
    readonly deps: Dependencies,
  ) {}

  compile(node: ElmNode | undefined): Expr {
    if (node == null) throw new Unsupported('missing expression');
    const compiler = this.program.compilers.get(node.type);
    if (!compiler) throw new Unsupported(node.type);
    return compiler(node, this);
  }

  /** Compiles an optional child: absent → a constant `undefined` (cql-execution's `build(null)`). */
  compileOptional(node: ElmNode | undefined): Expr | undefined {
    return node == null ? undefined : this.compile(node);
  }

  operands(node: ElmNode): Expr[] {
    const operand = node.operand;
    if (operand == null) return [];
    return (Array.isArray(operand) ? operand : [operand]).map((o: ElmNode) => this.compile(o));
  }

  operand(node: ElmNode): Expr {
    if (node.operand == null || Array.isArray(node.operand)) throw new Unsupported(node.type, 'expected one operand');
    return this.compile(node.operand);
  }

  typeOf(node: ElmNode | undefined): TypeSpec {
    return inferType(node, this);
  }

  /** A context with more names bound (query aliases, lets), sharing this frame. */
  bind(names: { name: string; type: TypeSpec }[]): { context: CompileContext; slots: number[] } {
    const bindings = new Map(this.bindings);
    const slots = names.map((n) => {
      const slot = this.layout.allocate();
      bindings.set(n.name, { slot, type: n.type });
      return slot;
    });
    return { context: new CompileContext(this.program, this.library, this.layout, bindings, this.deps), slots };
  }

  lookup(name: string, nodeType: string): Binding {
    const binding = this.bindings.get(name);
    if (!binding) throw new Unsupported(nodeType, `unresolved name ${name}`);
    return binding;
  }
}
