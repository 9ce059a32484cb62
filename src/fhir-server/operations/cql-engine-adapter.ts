// The operations' one contact with cql-execution / cql-exec-fhir objects. Their typings are loose
// (values are untyped at run time), hence `any` in this file only; everything it hands out is typed.
/* eslint-disable @typescript-eslint/no-explicit-any -- the loose cql-execution boundary, as in src/engine/cql-runtime */
import { createRequire } from 'node:module';
import type * as CqlTypes from 'cql-execution';
import type { ElmLibraryJson } from '../../artifacts/elm.js';
import {
  CompiledLibrary,
  describeError,
  executionDateTimeFor,
  type DefineResult,
} from '../../engine/cql-runtime/cql-runner.js';

import type { Resource } from 'fhir/r4';
import { CompiledFhirValue, runCompiledExpressions } from '../../engine/compiled/run-expressions.js';
import type { EngineKind } from '../../engine/load-engine.js';

/** One patient's data for an operation: the engine's prepared resources and, on demand, the interpreter's record. */
export interface PreparedPatient {
  resources: Resource[];
  record: () => unknown;
}

const require = createRequire(import.meta.url);
const cql = require('cql-execution') as any;

export type { DefineResult };

/** cql-execution's value classes, for `instanceof` checks when converting results. */
export const CqlValue = {
  Date: cql.Date as typeof CqlTypes.Date,
  DateTime: cql.DateTime as typeof CqlTypes.DateTime,
  Quantity: cql.Quantity as typeof CqlTypes.Quantity,
  Ratio: cql.Ratio as typeof CqlTypes.Ratio,
  Interval: cql.Interval as typeof CqlTypes.Interval,
  Code: cql.Code as typeof CqlTypes.Code,
  Concept: cql.Concept as typeof CqlTypes.Concept,
};

/** A FHIR value as cql-exec-fhir hands it out: its JSON and its FHIR type name (e.g. `Patient`, `Coding`, `date`). */
export interface FhirValue {
  json: unknown;
  typeName: string;
}

/** cql-exec-fhir wraps FHIR data in FHIRObjects (`_json` + `_typeInfo`); undefined for anything else. */
export function asFhirValue(value: unknown): FhirValue | undefined {
  if (value instanceof CompiledFhirValue) return { json: value.json, typeName: value.typeName };
  const v = value as any;
  if (!v || typeof v !== 'object' || v._json === undefined || typeof v._typeInfo?.name !== 'string')
    return undefined;
  return { json: v._json, typeName: v._typeInfo.name };
}

export interface RunRequest {
  compiled: CompiledLibrary;
  codeService: unknown;
  /** The patient's data as the engine prepared it; absent for an expression about no patient. */
  patient?: PreparedPatient;
  /** `compiled` (default): the compiled engine, the interpreter for what it does not compile. */
  engine?: EngineKind;
  /** CQL parameter values by name, already cql-execution values (see fhir-to-cql.ts). */
  parameters: Record<string, unknown>;
  asOf: string;
  names: string[];
}

/**
 * CQL's `Message(source, condition, code, severity, message)` with severity 'Error' must stop the
 * evaluation with that message; cql-execution only hands it to a listener, so the listener throws.
 */
const ERROR_MESSAGES_THROW = {
  onMessage(_source: unknown, code: unknown, severity: unknown, message: unknown): void {
    if (severity === 'Error') throw new Error(`${String(code)}: ${String(message)}`);
  },
};

/**
 * Runs named expressions in one shared context. Unlike the engine's runDefines it passes CQL
 * parameters and can run without a patient (`$cql` on literals, a library's Unfiltered defines).
 * A parameter value of the wrong type is refused by cql-execution when the context is built.
 */
export async function runExpressions(request: RunRequest): Promise<Map<string, DefineResult>> {
  const { compiled, codeService, patient, parameters, asOf, names } = request;
  const now = executionDateTimeFor(asOf);
  // cql-execution refuses a parameter of the wrong type when it builds a context: checked first.
  new cql.PatientContext(compiled.library, null, codeService, parameters, now, ERROR_MESSAGES_THROW);
  // Without a patient we still run in a PatientContext (with no patient): cql-execution's
  // UnfilteredContext cannot call included libraries ("Library expressions are not currently
  // supported in Unfiltered Context"), and every $cql library includes FHIRHelpers. The
  // translator has already checked the expression in the Unfiltered context it declares.
  let context: any;
  const interpret = async (name: string): Promise<DefineResult> => {
    context ??= new cql.PatientContext(compiled.library, patient ? patient.record() : null, codeService, parameters, now, ERROR_MESSAGES_THROW);
    try {
      return { ok: true, value: await compiled.library.expressions[name].execute(context) };
    } catch (error) {
      return { ok: false, error: describeError(error) };
    }
  };
  if (request.engine === 'interpreted') {
    const results = new Map<string, DefineResult>();
    for (const name of names) results.set(name, await interpret(name));
    return results;
  }
  const valueSetByUrl = (url: string, version?: string) => (codeService as { findValueSet(u: string, v?: string): unknown }).findValueSet(url, version);
  return runCompiledExpressions({
    compiled,
    valueSetByUrl,
    resources: patient?.resources,
    parameters,
    asOf,
    names,
    interpret,
    onMessage: (source, code, severity, message) => ERROR_MESSAGES_THROW.onMessage(source, code, severity, message),
  });
}

/** The main library first, then any libraries it may include (extra ones are harmless). */
export function compileLibraries(libraries: ElmLibraryJson[]): CompiledLibrary {
  return new CompiledLibrary(libraries);
}

/** cql-execution values built from FHIR input (CQL parameters). */
export const makeCqlValue = {
  date: (text: string): unknown => cql.Date.parse(text),
  dateTime: (text: string): unknown => cql.DateTime.parse(text),
  time: (text: string): unknown => cql.DateTime.parse(`0000-01-01T${text}`)?.getTime(),
  quantity: (value: number, unit: string): unknown => new cql.Quantity(value, unit),
  code: (code: string, system?: string, version?: string, display?: string): unknown =>
    new cql.Code(code, system, version, display),
  concept: (codes: unknown[], display?: string): unknown => new cql.Concept(codes, display),
  ratio: (numerator: unknown, denominator: unknown): unknown => new cql.Ratio(numerator, denominator),
  interval: (low: unknown, high: unknown): unknown => new cql.Interval(low, high, true, true),
};
