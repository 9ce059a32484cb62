// OperationDefinition resources of our own operations, for the router to serve at
// /fhir/OperationDefinition/<id>. Kept as JSON next to this file (read once, on first use).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { OperationDefinition } from 'fhir/r4';
import { PROJECT_ROOT } from '../../../project-paths.js';

// Read from the source tree (the compiled build runs from the same checkout): tsc does not copy JSON.
const DEFINITIONS_DIR = join(PROJECT_ROOT, 'src', 'fhir-server', 'operations', 'definitions');

let evaluateEligibility: OperationDefinition | undefined;

export function evaluateEligibilityDefinition(): OperationDefinition {
  evaluateEligibility ??= JSON.parse(
    readFileSync(join(DEFINITIONS_DIR, 'ResearchStudy-evaluate-eligibility.json'), 'utf8'),
  ) as OperationDefinition;
  return evaluateEligibility;
}

/** Every OperationDefinition this service defines itself (the CPG ones are HL7's). */
export function ownOperationDefinitions(): OperationDefinition[] {
  return [evaluateEligibilityDefinition()];
}
