import { feedbackReport } from '../../../src/cds-hooks/feedback-report.js';
import type { FeedbackEvent } from '../../../src/cds-hooks/feedback-store.js';

const issued = (cardUuid: string, trialId: string, trialStatus = 'possibly-eligible'): FeedbackEvent => ({
  kind: 'card-issued', at: '2026-11-01T10:00:00Z', serviceId: 'trial-eligibility', hookInstance: 'h', cardUuid, suggestionUuid: 's', trialId, trialStatus,
});
const answer = (cardUuid: string, outcomeTimestamp: string, code?: string): FeedbackEvent => ({
  kind: 'feedback', at: outcomeTimestamp, serviceId: 'trial-eligibility', cardUuid, outcomeTimestamp,
  outcome: code ? 'overridden' : 'accepted',
  ...(code ? { overrideReason: { system: 'urn:x', code, display: code.toUpperCase() } } : {}),
});

describe('feedbackReport', () => {
  const report = feedbackReport([
    issued('c1', 'T1'), issued('c2', 'T1', 'likely-eligible'), issued('c3', 'T1'), issued('c4', 'T2'),
    // Answers arrive out of order: the latest by outcomeTimestamp counts.
    answer('c1', '2026-11-01T10:09:00Z', 'already-screened'), answer('c1', '2026-11-01T10:05:00Z'),
    answer('c2', '2026-11-01T10:05:00Z', 'not-interested'), answer('c3', '2026-11-01T10:05:00Z', 'already-screened'),
    answer('unknown-card', '2026-11-01T10:05:00Z'),
  ]);

  it('counts cards per trial and status, by their latest answer', () => {
    expect(report.trials.map((t) => t.trialId)).toEqual(['T1', 'T2']);
    expect(report.trials[0]).toMatchObject({ cardsIssued: 3, issuedByStatus: { 'possibly-eligible': 2, 'likely-eligible': 1 }, accepted: 0, overridden: 3, withoutFeedback: 0 });
    expect(report.trials[1]).toMatchObject({ cardsIssued: 1, accepted: 0, overridden: 0, withoutFeedback: 1, overrideReasons: [] });
  });

  it('ranks override reasons by frequency and counts answers to cards it never issued', () => {
    expect(report.trials[0]!.overrideReasons).toEqual([
      { code: 'already-screened', display: 'ALREADY-SCREENED', count: 2 },
      { code: 'not-interested', display: 'NOT-INTERESTED', count: 1 },
    ]);
    expect(report.feedbackForUnknownCards).toBe(1);
  });
});
