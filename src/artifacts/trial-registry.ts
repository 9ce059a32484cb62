import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { basename, join } from 'node:path';
import type { TrialManifest, CriterionDefinition } from '../domain/trial.js';
import { ArtifactError } from '../domain/errors.js';
import { manifestSchema } from './manifest-schema.js';
import {
  dataRequirementsOf,
  includedLibraries,
  libraryName,
  statementNames,
  translatorErrors,
  valueSetUrls,
  type ElmLibraryJson,
} from './elm.js';
import { LibraryLocator } from './library-sources.js';
import type { LoadedValueSet } from './value-sets.js';

export interface LoadedTrial {
  manifest: TrialManifest;
  dir: string;
  /** The trial's own library first, then everything it includes (transitively). */
  libraries: ElmLibraryJson[];
  /** CQL source text by library name, for every library whose .cql file was found. */
  cqlSources: Map<string, string>;
}

function readJson(path: string): unknown {
  try {
    return JSON.parse(readFileSync(path, 'utf8'));
  } catch (error) {
    throw new ArtifactError(`${path}: ${(error as Error).message}`);
  }
}

export function readManifest(dir: string): TrialManifest {
  const path = join(dir, 'trial.json');
  if (!existsSync(path)) throw new ArtifactError(`${dir}: no trial.json manifest`);
  const parsed = manifestSchema.safeParse(readJson(path));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new ArtifactError(`${path}: invalid manifest: ${issues}`);
  }
  return parsed.data;
}

function collectLibraries(rootName: string, locator: LibraryLocator): { libraries: ElmLibraryJson[]; cqlSources: Map<string, string> } {
  const seen = new Map<string, ElmLibraryJson>();
  const cqlSources = new Map<string, string>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const { elm, cql } = locator.locate(name);
    const errors = translatorErrors(elm);
    if (errors.length) throw new ArtifactError(`library ${name} has compile errors: ${errors.slice(0, 3).join('; ')}`);
    seen.set(name, elm);
    if (cql !== undefined) cqlSources.set(name, cql);
    includedLibraries(elm).forEach((inc) => visit(inc.name));
  };
  visit(rootName);
  return { libraries: [...seen.values()], cqlSources };
}

function* definitionsOf(criteria: CriterionDefinition[]): Generator<CriterionDefinition> {
  for (const c of criteria) {
    yield c;
    if (c.criteria) yield* definitionsOf(c.criteria);
  }
}

function checkDefines(manifest: TrialManifest, library: ElmLibraryJson): void {
  const names = statementNames(library);
  const missing = [...definitionsOf(manifest.criteria)].filter((c) => c.define && !names.has(c.define));
  if (missing.length) {
    const list = missing.map((c) => `${c.id} → "${c.define}"`).join(', ');
    throw new ArtifactError(`trial ${manifest.id}: the manifest names defines missing from ${libraryName(library)}: ${list}`);
  }
}

/** Problems with the value sets a trial's libraries reference: missing from the folder, or empty. */
export function valueSetProblems(trialId: string, libraries: ElmLibraryJson[], valueSets: Map<string, LoadedValueSet>): string[] {
  const problems: string[] = [];
  for (const elm of libraries) {
    for (const [name, url] of valueSetUrls(elm)) {
      const vs = valueSets.get(url);
      if (!vs) problems.push(`trial ${trialId}: library ${libraryName(elm)} references value set "${name}" (${url}), which is not in the value set folder`);
      else if (vs.codes.length === 0) problems.push(`trial ${trialId}: value set "${name}" (${url}) has no codes`);
    }
  }
  return problems;
}

/**
 * Loads and checks one trial folder. A missing or empty value set refuses the trial, unless
 * `onValueSetProblem` is given (authoring only: `--allow-missing-valuesets`), which is told instead.
 */
export function loadTrial(
  dir: string,
  sharedLibraryDirs: string[],
  valueSets: Map<string, LoadedValueSet>,
  onValueSetProblem?: (problem: string) => void,
): LoadedTrial {
  const manifest = readManifest(dir);
  if (basename(dir) !== manifest.id) {
    throw new ArtifactError(`${dir}: the folder of trial ${manifest.id} must be named ${manifest.id}`);
  }
  const { libraries, cqlSources } = withTrialContext(manifest.id, () =>
    collectLibraries(manifest.library.name, new LibraryLocator([dir, ...sharedLibraryDirs])),
  );
  checkDefines(manifest, libraries[0]!);
  const problems = valueSetProblems(manifest.id, libraries, valueSets);
  if (problems.length && !onValueSetProblem) throw new ArtifactError(problems[0]!);
  problems.forEach((p) => onValueSetProblem?.(p));
  return { manifest, dir, libraries, cqlSources };
}

/** Library errors name the trial they stopped, so a reload's message says which folder to fix. */
function withTrialContext<T>(trialId: string, work: () => T): T {
  try {
    return work();
  } catch (error) {
    if (error instanceof ArtifactError) throw new ArtifactError(`trial ${trialId}: ${error.message}`);
    throw error;
  }
}

/** Trial folders (sub-folders with a trial.json) of `trialsDir`; `.`-folders (staging) are skipped. */
export function trialDirsIn(trialsDir: string): string[] {
  if (!existsSync(trialsDir)) throw new ArtifactError(`trials folder ${trialsDir} does not exist`);
  return readdirSync(trialsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && !e.name.startsWith('.') && existsSync(join(trialsDir, e.name, 'trial.json')))
    .map((e) => join(trialsDir, e.name))
    .sort();
}

export function trialDataRequirements(trial: LoadedTrial) {
  return dataRequirementsOf(trial.libraries);
}
