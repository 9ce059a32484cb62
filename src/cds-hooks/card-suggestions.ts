import type { TrialResult } from '../domain/criterion.js';
import { leavesWithStatus } from './card-detail.js';
import { orderableTests, type OrderableTest } from './orderable-tests.js';
import type { CdsSuggestion } from './types.js';

export const LOINC = 'http://loinc.org';

/**
 * One suggestion per test that would decide an `unknown` criterion (issue 15): a draft,
 * LOINC-coded ServiceRequest the clinician can sign, naming the criteria it decides. A test two
 * criteria need (AST for I4.3 and E13.1) is suggested once.
 */
export function missingDataSuggestions(trial: TrialResult, patientId: string, newUuid: () => string): CdsSuggestion[] {
  const byCode = new Map<string, { test: OrderableTest; criteria: string[] }>();
  for (const c of leavesWithStatus(trial.criteria, 'unknown')) {
    for (const test of orderableTests(trial.id, c.id)) {
      const entry = byCode.get(test.code) ?? { test, criteria: [] };
      entry.criteria.push(c.id);
      byCode.set(test.code, entry);
    }
  }
  return [...byCode.values()].map(({ test, criteria }) => ({
    label: `Order ${test.display} (${trial.id} ${criteria.join(', ')})`,
    uuid: newUuid(),
    actions: [
      {
        type: 'create' as const,
        description: `Draft order: ${test.display}, to decide ${trial.id} ${criteria.join(', ')}`,
        resource: draftServiceRequest(test, patientId, `Trial pre-screening ${trial.id}: ${criteria.join(', ')} cannot be decided without this result`),
      },
    ],
  }));
}

export function draftServiceRequest(test: OrderableTest, patientId: string, why: string): Record<string, unknown> {
  return {
    resourceType: 'ServiceRequest',
    status: 'draft',
    intent: 'order',
    code: { coding: [{ system: LOINC, code: test.code, display: test.display }], text: test.display },
    subject: { reference: `Patient/${patientId}` },
    reasonCode: [{ text: why }],
  };
}
