import { readFileSync, readdirSync, existsSync } from 'node:fs';
import { join } from 'node:path';
import type { ValueSet } from 'fhir/r4';
import { ArtifactError } from '../domain/errors.js';

export interface CodeRef {
  system: string;
  code: string;
  display?: string;
}

export interface LoadedValueSet {
  url: string;
  version: string;
  resource: ValueSet;
  codes: CodeRef[];
  /** `system|code` keys: membership is a hash lookup, not a scan. */
  keys: ReadonlySet<string>;
}

export function codeKey(system: string | undefined, code: string | undefined): string {
  return `${system ?? ''}|${code ?? ''}`;
}

/** The codes of a ValueSet: its expansion when present, else the enumerated compose concepts. */
export function codesOf(vs: ValueSet): CodeRef[] {
  if (vs.expansion?.contains?.length) {
    return vs.expansion.contains
      .filter((c) => c.system && c.code)
      .map((c) => ({ system: c.system!, code: c.code!, display: c.display }));
  }
  return (vs.compose?.include ?? []).flatMap((inc) =>
    (inc.concept ?? []).map((c) => ({ system: inc.system ?? '', code: c.code, display: c.display })),
  );
}

export function toLoadedValueSet(resource: ValueSet, origin: string): LoadedValueSet {
  if (resource.resourceType !== 'ValueSet' || typeof resource.url !== 'string') {
    throw new ArtifactError(`${origin}: not a FHIR ValueSet with a url`);
  }
  const codes = codesOf(resource);
  return {
    url: resource.url,
    version: resource.version ?? '',
    resource,
    codes,
    keys: new Set(codes.map((c) => codeKey(c.system, c.code))),
  };
}

/** Every ValueSet JSON file in `dir`, keyed by canonical url. Read once per process. */
export function loadValueSetDir(dir: string): Map<string, LoadedValueSet> {
  const found = new Map<string, LoadedValueSet>();
  if (!existsSync(dir)) return found;
  for (const name of readdirSync(dir).filter((n) => n.endsWith('.json')).sort()) {
    const path = join(dir, name);
    let json: unknown;
    try {
      json = JSON.parse(readFileSync(path, 'utf8'));
    } catch (error) {
      throw new ArtifactError(`${path}: not valid JSON (${(error as Error).message})`);
    }
    const vs = toLoadedValueSet(json as ValueSet, path);
    if (found.has(vs.url)) throw new ArtifactError(`${path}: value set ${vs.url} is defined twice`);
    found.set(vs.url, vs);
  }
  return found;
}

/** The shape cql-execution's CodeService takes: url → version → codes. */
export function toCodeServiceJson(
  valueSets: Iterable<LoadedValueSet>,
): Record<string, Record<string, { code: string; system: string }[]>> {
  const json: Record<string, Record<string, { code: string; system: string }[]>> = {};
  for (const vs of valueSets) {
    json[vs.url] = { [vs.version]: vs.codes.map(({ code, system }) => ({ code, system })) };
  }
  return json;
}
