// Shapes shared by the ELM → JavaScript compiler and the code it produces.

/** A compiled expression: evaluated against one patient's runtime and the current call frame. */
export type Expr = (rt: Runtime, frame: Frame) => any;

/** Operand, alias and let values of one function call (slots are assigned at compile time). */
export type Frame = any[];

/** An ELM node (JSON). */
export type ElmNode = Record<string, any>;

/** What a compiled define or function needs from the patient being evaluated (patient-runtime.ts). */
export interface Runtime {
  /** Define values by global slot; UNSET until computed. */
  readonly defines: any[];
  /** The evaluation's execution DateTime (cql-execution's: noon UTC of the as-of date). */
  readonly executionDateTime: any;
  /** Resources of a type, optionally those whose code property matches a value set or codes. */
  retrieve(dataType: string, codeProperty: string | undefined, codes: unknown, cacheKey: string | undefined): unknown[];
  /** A retrieve made before for this patient (by its compile-time key), if any. */
  retrieved(cacheKey: string): unknown[] | undefined;
  /** CQL parameters supplied for this evaluation (by name). */
  readonly parameters: Record<string, unknown>;
  /** CQL Message(): what the caller does with a message (the trials ignore them, as cql-execution's null listener). */
  readonly onMessage?: (source: unknown, code: unknown, severity: unknown, message: unknown) => void;
  /** Per-patient memo of pure function calls (function id → argument → result). */
  readonly memo: Map<unknown, Map<unknown, unknown>>;
}

export const UNSET: unique symbol = Symbol('trialcds.unset');

/** The compiler cannot (or does not yet) compile this node: the define runs interpreted. */
export class Unsupported extends Error {
  constructor(readonly nodeType: string, detail?: string) {
    super(detail ? `${nodeType}: ${detail}` : nodeType);
  }
}

/** A static CQL type, from the translator's result types (EnableResultTypes). */
export type TypeSpec =
  | { kind: 'named'; name: string }
  | { kind: 'list'; element: TypeSpec }
  | { kind: 'interval'; point: TypeSpec }
  | { kind: 'tuple'; elements: { name: string; type: TypeSpec }[] }
  | { kind: 'choice'; choices: TypeSpec[] }
  | { kind: 'unknown' };

export const SYSTEM_NS = '{urn:hl7-org:elm-types:r1}';
export const FHIR_NS = '{http://hl7.org/fhir}';
