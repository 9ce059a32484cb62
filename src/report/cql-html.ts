// A define's CQL as HTML, from the ELM annotation the translator keeps (the source split into
// nodes, each tagged with the localId of the ELM node it produced) — how fqm-execution highlights
// clauses. Every reference to another define of the library becomes a span the page colours with
// that define's value for the patient shown.
import type { ElmLibraryJson } from '../artifacts/elm.js';
import { escapeHtml } from './html-text.js';

interface AnnotationNode {
  r?: string;
  value?: string[];
  s?: AnnotationNode[] | AnnotationNode;
}

/** localId → define name for every reference to a define of the same library inside `node`. */
function localDefineRefs(
  node: unknown,
  defines: ReadonlySet<string>,
  into: Map<string, string>,
): Map<string, string> {
  if (Array.isArray(node)) node.forEach((n) => localDefineRefs(n, defines, into));
  else if (node && typeof node === 'object') {
    const record = node as Record<string, unknown>;
    if (
      record.type === 'ExpressionRef' &&
      record.libraryName === undefined &&
      typeof record.localId === 'string' &&
      defines.has(String(record.name))
    ) {
      into.set(record.localId, String(record.name));
    }
    for (const [key, child] of Object.entries(record))
      if (key !== 'annotation') localDefineRefs(child, defines, into);
  }
  return into;
}

function renderNode(node: AnnotationNode, refs: ReadonlyMap<string, string>): string {
  const text = node.value ? escapeHtml(node.value.join('')) : '';
  const children = node.s === undefined ? [] : Array.isArray(node.s) ? node.s : [node.s];
  const inner = text + children.map((c) => renderNode(c, refs)).join('');
  const ref = node.r !== undefined ? refs.get(node.r) : undefined;
  return ref ? `<span class="ref" data-ref="${escapeHtml(ref)}">${inner}</span>` : inner;
}

/** Strips the leading block comment: the checklist shows the criterion text already. */
function withoutLeadingComment(html: string): string {
  return html.replace(/^\s*\/\*[\s\S]*?\*\/\s*/, '');
}

/**
 * The named defines of the library's own statements as HTML (`<span class="ref" data-ref>` around
 * references to other defines). A define without an annotation (ELM compiled without them) is
 * absent: the checklist then shows the values without the source.
 */
export function defineSourcesHtml(library: ElmLibraryJson, names: readonly string[]): Record<string, string> {
  const statements = (library.library.statements?.def ?? []) as unknown as Record<string, unknown>[];
  const defines = new Set(statements.filter((d) => d.type !== 'FunctionDef').map((d) => String(d.name)));
  const out: Record<string, string> = {};
  for (const name of names) {
    const def = statements.find((d) => d.name === name && d.type !== 'FunctionDef');
    const annotation = (def?.annotation as { s?: AnnotationNode }[] | undefined)?.find((a) => a.s)?.s;
    if (!def || !annotation) continue;
    out[name] = withoutLeadingComment(
      renderNode(annotation, localDefineRefs(def.expression, defines, new Map())),
    );
  }
  return out;
}
