// Value-set membership as a hash lookup. cql-execution's ValueSet.hasMatch scans every code of the
// set for every code tested; with value sets of hundreds of codes that is a hot loop.
import { createRequire } from 'node:module';
import { codeKey, type LoadedValueSet } from '../../artifacts/value-sets.js';

const require = createRequire(import.meta.url);
const cql = require('cql-execution') as any;

/** A cql-execution ValueSet that answers hasMatch from a `system|code` set (same semantics: code + system). */
class HashedValueSet extends cql.ValueSet {
  readonly keys: ReadonlySet<string>;

  constructor(vs: LoadedValueSet) {
    super(vs.url, vs.version, vs.codes.map((c) => new cql.Code(c.code, c.system)));
    this.keys = vs.keys;
  }

  hasMatch(code: unknown): boolean {
    const list = toCodeList(code);
    // The "string in valueset" overload keeps cql-execution's own (ambiguity-checking) behaviour.
    if (list.length === 1 && typeof list[0] === 'string') return super.hasMatch(code);
    return list.some((c: any) => c != null && typeof c === 'object' && this.keys.has(codeKey(c.system, c.code)));
  }
}

function toCodeList(c: any): any[] {
  if (c == null) return [];
  if (Array.isArray(c)) return c.flatMap(toCodeList);
  if (Array.isArray(c.codes)) return c.codes;
  return [c];
}

/** The engine's code service: built once per process from the loaded value sets. */
export class HashedCodeService {
  private readonly byUrl = new Map<string, HashedValueSet>();

  constructor(valueSets: Iterable<LoadedValueSet>) {
    for (const vs of valueSets) this.byUrl.set(vs.url, new HashedValueSet(vs));
  }

  findValueSetsByOid(url: string): unknown[] {
    const vs = this.byUrl.get(url);
    return vs ? [vs] : [];
  }

  findValueSet(url: string, version?: string): unknown {
    const vs = this.byUrl.get(url);
    // One version per url is loaded; a pinned other version is not silently substituted.
    if (!vs || (version != null && version !== '' && vs.version !== version)) return null;
    return vs;
  }
}
