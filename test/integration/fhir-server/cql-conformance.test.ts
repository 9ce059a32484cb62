// A sample of the public CQL conformance tests (cqframework/cql-tests) run through `$cql` and
// judged the way cqframework/cql-tests-runner judges them (src/shared/run-test-core.ts `runTest`):
//  - invalid="true" | "semantic": passes only when the engine errs — a non-2xx answer (our
//    BadInputError) or an `evaluation error` parameter (results-shared.ts `responseIndicatesError`);
//  - otherwise: an error fails; else the value must equal the expected <output>.
// The runner parses <output> with its CQL-value parser (cvl/cvl.mjs) and compares it with the value its
// extractors read from the response (results-utils.ts `resultsEqual`: numbers within 1e-8, objects
// key by key). We do not reimplement either: the <output> text is itself a CQL expression, so it is
// evaluated through the same `$cql` and the two Parameters are compared structurally, with the
// runner's two leniencies — Integer and Decimal are both just numbers, compared within 1e-8.
//
// The outcome of every case is pinned in test/fixtures/cql-conformance/expected-failures.json: a case
// not listed must pass, a listed case must still fail (an improvement fails this test until the list
// is updated). CQL_CONFORMANCE_RECORD=1 rewrites the list from the current outcomes instead.
// See docs/fhir-operations.md "Conformance sample".
import { readFileSync, writeFileSync } from 'node:fs';
import type { OperationOutcome, Parameters, ParametersParameter } from 'fhir/r4';
import { BadInputError } from '../../../src/domain/errors.js';
import { cqlOperation, fhirOperations } from '../../../src/fhir-server/operations/index.js';
import type { OperationDeps } from '../../../src/knowledge/contracts.js';
import { bundledEngine } from '../../support/real-engine.js';
import { operationDeps, params, str } from '../../unit/fhir-operations/deps.js';
import { call, startFhir } from './fhir-app.js';

interface ConformanceCase {
  suite: string;
  group: string;
  name: string;
  expression: string;
  output?: string;
  invalid: false | 'true' | 'semantic';
  source: string;
}

interface ExpectedFailure {
  id: string;
  reason: string;
}

const FIXTURES = new URL('../../fixtures/cql-conformance/', import.meta.url);
const sample = JSON.parse(readFileSync(new URL('sample.json', FIXTURES), 'utf8')) as ConformanceCase[];
const expectedFailuresFile = new URL('expected-failures.json', FIXTURES);
const expectedFailures = JSON.parse(readFileSync(expectedFailuresFile, 'utf8')) as ExpectedFailure[];
const expectedFailure = new Map(expectedFailures.map((f) => [f.id, f.reason]));
const RECORD = process.env.CQL_CONFORMANCE_RECORD === '1';

/** The runner's key for a test (run-test-core.ts: `${testsName}-${groupName}-${testName}`), with ':' as separator. */
const idOf = (c: ConformanceCase) => `${c.suite}:${c.group}:${c.name}`;

const EVALUATION_ERROR = 'evaluation error';

type Evaluated =
  | { kind: 'value'; parameters: ParametersParameter[] }
  | { kind: 'rejected'; message: string } // BadInputError: a 4xx over HTTP
  | { kind: 'evaluation error'; message: string } // HTTP 200 with an `evaluation error` parameter
  | { kind: 'crashed'; message: string }; // anything else: a 500 over HTTP

async function evaluate(deps: OperationDeps, expression: string): Promise<Evaluated> {
  try {
    const result = (await cqlOperation.run(params(str('expression', expression)), {}, deps)) as Parameters;
    const parameters = result.parameter ?? [];
    const error = parameters.find((p) => p.name === EVALUATION_ERROR);
    if (error) {
      const outcome = error.resource as OperationOutcome | undefined;
      return { kind: 'evaluation error', message: outcome?.issue?.[0]?.details?.text ?? '(no details)' };
    }
    return { kind: 'value', parameters };
  } catch (e) {
    const message = e instanceof Error ? e.message : String(e);
    return e instanceof BadInputError ? { kind: 'rejected', message } : { kind: 'crashed', message };
  }
}

const isErrored = (e: Evaluated) => e.kind !== 'value';

/**
 * The runner's equality on the two values: Integer and Decimal are one kind (its extractors and its
 * CQL-value parser both give plain numbers, for points and for interval bounds alike), numbers within 1e-8.
 */
const NUMERIC_INTERVAL = /^Interval<System\.(Integer|Decimal)>$/;
function normalize(value: unknown): unknown {
  if (Array.isArray(value)) return value.map(normalize);
  if (typeof value === 'string' && NUMERIC_INTERVAL.test(value)) return 'Interval<number>';
  if (value && typeof value === 'object') {
    const out: Record<string, unknown> = {};
    for (const [key, child] of Object.entries(value)) {
      if (child === undefined) continue;
      out[key === 'valueInteger' || key === 'valueDecimal' ? 'valueNumber' : key] = normalize(child);
    }
    return out;
  }
  return value;
}

function sameValue(a: unknown, b: unknown): boolean {
  if (typeof a === 'number' && typeof b === 'number') return Math.abs(a - b) < 1e-8;
  if (a === b) return true;
  if (!a || !b || typeof a !== 'object' || typeof b !== 'object') return false;
  if (Array.isArray(a) !== Array.isArray(b)) return false;
  const ka = Object.keys(a);
  const kb = Object.keys(b);
  if (ka.length !== kb.length) return false;
  return ka.every(
    (k) => kb.includes(k) && sameValue((a as Record<string, unknown>)[k], (b as Record<string, unknown>)[k]),
  );
}

interface Outcome {
  pass: boolean;
  /** Why it failed, for the summary and for a new expected-failures entry. */
  detail?: string;
}

const short = (v: unknown) => {
  const s = JSON.stringify(v);
  return s.length > 300 ? `${s.slice(0, 300)}…` : s;
};

async function judge(deps: OperationDeps, c: ConformanceCase): Promise<Outcome> {
  const actual = await evaluate(deps, c.expression);
  if (c.invalid) {
    return isErrored(actual)
      ? { pass: true }
      : { pass: false, detail: `no error: expected invalid=${c.invalid}, got ${short(actual)}` };
  }
  if (actual.kind !== 'value') return { pass: false, detail: `${actual.kind}: ${actual.message}` };
  if (c.output === undefined) return { pass: false, detail: 'the test has no <output>' };
  const expected = await evaluate(deps, c.output);
  if (expected.kind !== 'value') {
    return {
      pass: false,
      detail: `the <output> ${c.output} does not evaluate: ${expected.kind}: ${expected.message}`,
    };
  }
  return sameValue(normalize(expected.parameters), normalize(actual.parameters))
    ? { pass: true }
    : {
        pass: false,
        detail: `value differs: expected ${c.output} = ${short(expected.parameters)}, got ${short(actual.parameters)}`,
      };
}

const outcomes = new Map<string, Outcome>();
let deps: OperationDeps;

beforeAll(async () => {
  deps = await operationDeps();
  // Warm the translator (model info, FHIRHelpers) outside the per-case timings.
  await evaluate(deps, '1');
});

afterAll(() => {
  const failed = sample.filter((c) => outcomes.get(idOf(c))?.pass === false);
  const nowPassing = sample.filter(
    (c) => expectedFailure.has(idOf(c)) && outcomes.get(idOf(c))?.pass === true,
  );
  const newFailures = failed.filter((c) => !expectedFailure.has(idOf(c)));
  console.log(
    `conformance sample: ${outcomes.size - failed.length} passed, ${failed.length} expected failures of ${sample.length}` +
      (nowPassing.length
        ? `\nnow passing (remove from expected-failures.json): ${nowPassing.map(idOf).join(', ')}`
        : '') +
      (newFailures.length
        ? `\nnew failures:\n${newFailures.map((c) => `  ${idOf(c)}: ${outcomes.get(idOf(c))!.detail}`).join('\n')}`
        : ''),
  );
  if (RECORD && outcomes.size === sample.length) {
    const list = failed.map((c) => ({
      id: idOf(c),
      reason: expectedFailure.get(idOf(c)) ?? `TODO categorize: ${outcomes.get(idOf(c))!.detail}`,
    }));
    writeFileSync(expectedFailuresFile, `${JSON.stringify(list, null, 2)}\n`);
  }
});

describe('the CQL conformance sample through $cql', () => {
  it('sample and expected-failures list agree (every listed case exists, with a reason)', () => {
    const ids = new Set(sample.map(idOf));
    expect(ids.size).toBe(sample.length);
    expect(expectedFailures.filter((f) => !ids.has(f.id)).map((f) => f.id)).toEqual([]);
    expect(expectedFailures.filter((f) => !f.reason.trim()).map((f) => f.id)).toEqual([]);
  });

  it.each(sample.map((c) => [idOf(c), c] as const))('%s', async (id, c) => {
    const outcome = await judge(deps, c);
    outcomes.set(id, outcome);
    if (RECORD) return;
    if (expectedFailure.has(id)) {
      if (outcome.pass) {
        throw new Error(
          `${id} now passes: remove it from test/fixtures/cql-conformance/expected-failures.json`,
        );
      }
    } else if (!outcome.pass) {
      throw new Error(
        `${id} fails: ${outcome.detail}\n  expression: ${c.expression}\n  output: ${c.output ?? '(error)'}`,
      );
    }
  });
});

// The same judgement over real HTTP, as the runner sends it: a POST of a Parameters with one
// `expression`, Content-Type application/json.
describe('the runner’s request over HTTP', () => {
  const post = async (base: string, expression: string) =>
    call(`${base}/$cql`, {
      body: { resourceType: 'Parameters', parameter: [{ name: 'expression', valueString: expression }] },
      headers: { 'Content-Type': 'application/json' },
    });
  // results-shared.ts responseIndicatesError: a non-2xx status or an `evaluation error` parameter.
  const responseIndicatesError = (status: number, body: Parameters) =>
    status < 200 || status >= 300 || (body.parameter ?? []).some((p) => p.name === EVALUATION_ERROR);

  it('a valid case returns 200 and the same value as its <output>; invalid cases are errors', async () => {
    const fhir = await startFhir(await bundledEngine(), { operations: fhirOperations });
    try {
      const valid = sample.find((c) => idOf(c) === 'CqlListOperatorsTest:Distinct:DistinctANullANull')!;
      const actual = await post(fhir.base, valid.expression);
      const expected = await post(fhir.base, valid.output!);
      expect(actual.status).toBe(200);
      expect(responseIndicatesError(actual.status, actual.body as Parameters)).toBe(false);
      expect((actual.body as Parameters).parameter).toEqual((expected.body as Parameters).parameter);

      const semantic = sample.find((c) => idOf(c) === 'CqlTypesTest:Time:TimeUpperBoundHours')!;
      const rejected = await post(fhir.base, semantic.expression);
      expect(rejected.status).toBeGreaterThanOrEqual(400);
      expect(responseIndicatesError(rejected.status, rejected.body as Parameters)).toBe(true);

      const runtime = await post(fhir.base, 'singleton from {1, 2}');
      expect(runtime.status).toBe(200);
      expect(responseIndicatesError(runtime.status, runtime.body as Parameters)).toBe(true);
    } finally {
      await fhir.close();
    }
  });
});
