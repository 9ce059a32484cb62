// The FHIR operations of the /fhir endpoint (issue 9 item 2). The router mounts each by its
// name, resource type and type/instance flags; see docs/fhir-operations.md.
import type { FhirOperationDefinition } from '../../knowledge/contracts.js';
import { cqlOperation } from './cql-operation.js';
import { evaluateEligibilityOperation } from './evaluate-eligibility.js';
import { libraryEvaluateOperation } from './library-evaluate.js';

export const fhirOperations: FhirOperationDefinition[] = [
  cqlOperation,
  libraryEvaluateOperation,
  evaluateEligibilityOperation,
];

export { cqlOperation, libraryEvaluateOperation, evaluateEligibilityOperation };
export { evaluateEligibilityDefinition, ownOperationDefinitions } from './definitions/index.js';
export { toParameter, toParameters } from './cql-to-fhir.js';
