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
import type { LoadedValueSet } from './value-sets.js';

export interface LoadedTrial {
  manifest: TrialManifest;
  dir: string;
  /** The trial's own library first, then everything it includes (transitively). */
  libraries: ElmLibraryJson[];
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

/** Finds compiled ELM by library name: the trial's own elm/ first, then the shared library folders. */
function elmLocator(dirs: string[]): (name: string) => ElmLibraryJson {
  return (name) => {
    for (const dir of dirs) {
      const path = join(dir, 'elm', `${name}.json`);
      if (existsSync(path)) return readJson(path) as ElmLibraryJson;
    }
    throw new ArtifactError(`library ${name}: no compiled ELM in ${dirs.map((d) => join(d, 'elm')).join(' or ')} (run trialcds compile)`);
  };
}

function collectLibraries(rootName: string, locate: (name: string) => ElmLibraryJson): ElmLibraryJson[] {
  const seen = new Map<string, ElmLibraryJson>();
  const visit = (name: string): void => {
    if (seen.has(name)) return;
    const elm = locate(name);
    const errors = translatorErrors(elm);
    if (errors.length) throw new ArtifactError(`library ${name} has compile errors: ${errors.slice(0, 3).join('; ')}`);
    seen.set(name, elm);
    includedLibraries(elm).forEach((inc) => visit(inc.name));
  };
  visit(rootName);
  return [...seen.values()];
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
  const libraries = collectLibraries(manifest.library.name, elmLocator([dir, ...sharedLibraryDirs]));
  checkDefines(manifest, libraries[0]!);
  const problems = valueSetProblems(manifest.id, libraries, valueSets);
  if (problems.length && !onValueSetProblem) throw new ArtifactError(problems[0]!);
  problems.forEach((p) => onValueSetProblem?.(p));
  return { manifest, dir, libraries };
}

export function trialDirsIn(trialsDir: string): string[] {
  if (!existsSync(trialsDir)) throw new ArtifactError(`trials folder ${trialsDir} does not exist`);
  return readdirSync(trialsDir, { withFileTypes: true })
    .filter((e) => e.isDirectory() && existsSync(join(trialsDir, e.name, 'trial.json')))
    .map((e) => join(trialsDir, e.name))
    .sort();
}

export function trialDataRequirements(trial: LoadedTrial) {
  return dataRequirementsOf(trial.libraries);
}
