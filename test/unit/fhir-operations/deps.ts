// Test doubles for OperationDeps: the real bundled engine, a FHIR client factory that must not be
// called unless a test says so, a fixed today.
import type { Parameters, ParametersParameter } from 'fhir/r4';
import type { OperationDeps } from '../../../src/knowledge/contracts.js';
import type { FhirClientFactory } from '../../../src/data/fhir-client.js';
import { bundledEngine } from '../../support/real-engine.js';

export const TODAY = '2026-11-01';

const noFhirClient: FhirClientFactory = () => {
  throw new Error('this test does not expect a FHIR client');
};

export async function operationDeps(over: Partial<OperationDeps> = {}): Promise<OperationDeps> {
  return {
    engine: await bundledEngine(),
    createFhirClient: noFhirClient,
    fhir: { timeoutMs: 2000, retries: 0, maxPages: 5, serverAllowlist: [] },
    allowUnlistedFhirServers: true,
    today: () => TODAY,
    ...over,
  };
}

export function params(...parameter: ParametersParameter[]): Parameters {
  return { resourceType: 'Parameters', parameter };
}

export const str = (name: string, valueString: string): ParametersParameter => ({ name, valueString });
