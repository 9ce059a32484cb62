// Shared signatures of the FHIR knowledge layer (issue 9). Implementations live next to this file;
// the /fhir router, the CLI and the reload logic code against these names only.
import type { Bundle, Group, Library, ResearchStudy, ValueSet } from 'fhir/r4';

/** Where our canonical urls start: `${CANONICAL_BASE}/Library/<name>`, `/ResearchStudy/<trial id>`. */
export const CANONICAL_BASE = 'https://trialcds.org/fhir';

/** A trial published as FHIR knowledge artifacts. */
export interface TrialArtifacts {
  trialId: string;
  researchStudy: ResearchStudy;
  /** The definitional Group (`actual = false`) that `researchStudy.enrollment` references. */
  group: Group;
  /** The trial's own Library first, then every library it includes (transitively). */
  libraries: Library[];
  /** Every ValueSet the libraries reference. */
  valueSets: ValueSet[];
}

export type { Bundle };

/**
 * A FHIR operation of the /fhir endpoint. The router (src/fhir-server) turns GET query parameters or a
 * POSTed Parameters resource into `input`, calls `run`, and sends what it returns (a Parameters, a
 * Bundle, a Library …). Errors: throw BadInputError / UserFacingError (→ OperationOutcome 400/404/422).
 */
export interface FhirOperationDefinition {
  /** Without the `$`, e.g. `cql`, `evaluate`, `evaluate-eligibility`. */
  name: string;
  /** Canonical of the OperationDefinition it implements (listed in the CapabilityStatement). */
  definition: string;
  /** Resource type it is invoked on; undefined for a system-level operation (`/fhir/$cql`). */
  resourceType?: string;
  /** Invocable as `/fhir/<type>/$name`. */
  type: boolean;
  /** Invocable as `/fhir/<type>/<id>/$name`. */
  instance: boolean;
  /** Short description for the CapabilityStatement and docs. */
  documentation: string;
  run(input: import('fhir/r4').Parameters, target: { id?: string }, deps: OperationDeps): Promise<import('fhir/r4').Resource>;
}

/** What operations may use. `engine` is the engine current at the time of the call (it can be reloaded). */
export interface OperationDeps {
  engine: import('../engine/load-engine.js').LoadedEngine;
  /** Builds a FHIR client for `fhirServer`-style inputs (same factory the CDS Hooks service uses). */
  createFhirClient: import('../data/fhir-client.js').FhirClientFactory;
  fhir: import('../config.js').AppConfig['fhir'];
  /** With no `fhir.serverAllowlist`: may a caller name any FHIR server? Only in development mode. */
  allowUnlistedFhirServers: boolean;
  /** Today's date (YYYY-MM-DD) when the caller gives none. */
  today(): string;
  /** Largest chart an operation evaluates (413 past it); no limit when absent (CLI, tests). */
  chartLimits?: import('../domain/chart-limits.js').ChartLimits;
  /** Deadline of one evaluation (ms); no deadline when absent. */
  deadlineMs?: number;
}
