import { existsSync, readdirSync, statSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import type { Bundle, BundleEntry, FhirResource } from 'fhir/r4';
import { z } from 'zod';
import { BadInputError } from '../domain/errors.js';
import { readJsonFile } from '../cli/io.js';

/** A date the report must give (YYYY-MM-DD), or null: it must give none (issue 15). */
const dateExpectation = z.union([z.string().regex(/^\d{4}-\d{2}-\d{2}$/), z.null()]).optional();

const criterionExpectation = z.union([
  z.enum(['pass', 'fail', 'unknown', 'review']),
  z
    .object({
      status: z.enum(['pass', 'fail', 'unknown', 'review']),
      reasonIncludes: z.string().optional(),
      changesOn: dateExpectation,
    })
    .strict(),
]);

const trialExpectation = z
  .object({
    status: z.enum(['ineligible', 'possibly-eligible', 'likely-eligible', 'not-ineligible']).optional(),
    eligibleFrom: dateExpectation,
    reassessBy: dateExpectation,
    criteria: z.record(z.string(), criterionExpectation).optional(),
  })
  .strict();

/**
 * An author's test case (the acceptance format of shared/examples, plus `extends`/`remove`/`add` so
 * a variant states only what differs from its base case).
 */
const caseSchema = z
  .object({
    id: z.string().min(1),
    description: z.string().optional(),
    asOf: z.string().regex(/^\d{4}-\d{2}-\d{2}$/),
    extends: z.string().optional(),
    remove: z.array(z.string()).optional(),
    add: z.array(z.record(z.string(), z.unknown())).optional(),
    bundle: z.record(z.string(), z.unknown()).optional(),
    expect: z.record(z.string(), trialExpectation),
    rationale: z.record(z.string(), z.string()).optional(),
  })
  .passthrough();

export type CriterionExpectation = z.infer<typeof criterionExpectation>;
export type TrialExpectation = z.infer<typeof trialExpectation>;

export interface AuthoredCase {
  path: string;
  id: string;
  description?: string;
  asOf: string;
  bundle: Bundle;
  expect: Record<string, TrialExpectation>;
}

type RawCase = z.infer<typeof caseSchema>;

function parseCase(path: string): RawCase {
  const parsed = caseSchema.safeParse(readJsonFile(path));
  if (!parsed.success) {
    const issues = parsed.error.issues.map((i) => `${i.path.join('.')}: ${i.message}`).join('; ');
    throw new BadInputError(`${path}: not a test case: ${issues}`);
  }
  return parsed.data;
}

function refOf(resource: FhirResource): string {
  return `${resource.resourceType}/${resource.id ?? ''}`;
}

function applyChanges(base: Bundle, raw: RawCase): Bundle {
  const removed = new Set([...(raw.remove ?? []), ...(raw.add ?? []).map((r) => refOf(r as unknown as FhirResource))]);
  const kept = (base.entry ?? []).filter((e) => !e.resource || !removed.has(refOf(e.resource)));
  const added: BundleEntry[] = (raw.add ?? []).map((r) => ({ resource: r as unknown as FhirResource }));
  return { ...base, entry: [...kept, ...added] };
}

function resolveBundle(path: string, raw: RawCase, seen: Set<string>): Bundle {
  if (raw.extends) {
    const basePath = resolve(dirname(path), raw.extends);
    if (seen.has(basePath)) throw new BadInputError(`${path}: "extends" forms a cycle through ${basePath}`);
    const base = parseCase(basePath);
    return applyChanges(resolveBundle(basePath, base, new Set([...seen, basePath])), raw);
  }
  if (!raw.bundle) throw new BadInputError(`${path}: a case needs a "bundle" or an "extends"`);
  return applyChanges(raw.bundle as unknown as Bundle, raw);
}

export function loadCase(path: string): AuthoredCase {
  const raw = parseCase(path);
  return {
    path,
    id: raw.id,
    description: raw.description,
    asOf: raw.asOf,
    bundle: resolveBundle(path, raw, new Set([resolve(path)])),
    expect: raw.expect,
  };
}

/** Case files under `target`: a trial folder's cases/, any folder of .json files, or one file. */
export function findCaseFiles(target: string): string[] {
  if (!existsSync(target)) throw new BadInputError(`no such file or directory: ${target}`);
  if (statSync(target).isFile()) return [target];
  const casesDir = existsSync(join(target, 'trial.json')) ? join(target, 'cases') : target;
  if (!existsSync(casesDir)) return [];
  return readdirSync(casesDir, { withFileTypes: true })
    .flatMap((e) => (e.isDirectory() ? findCaseFiles(join(casesDir, e.name)) : e.name.endsWith('.json') ? [join(casesDir, e.name)] : []))
    .sort();
}
