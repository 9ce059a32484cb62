import { appendFile, mkdtemp, rm, stat } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  createNdjsonFeedbackStore,
  summarizeFeedback,
  type FeedbackEvent,
} from '../../../src/cds-hooks/feedback-store.js';

describe('NDJSON feedback store', () => {
  let dir: string;
  beforeEach(async () => {
    dir = await mkdtemp(join(tmpdir(), 'trialcds-store-'));
  });
  afterEach(() => rm(dir, { recursive: true, force: true }));

  const issued: FeedbackEvent = {
    kind: 'card-issued',
    at: '2026-11-01T10:00:00Z',
    serviceId: 's',
    hookInstance: 'h',
    cardUuid: 'c1',
    suggestionUuid: 'g1',
    trialId: 'T',
    trialStatus: 'likely-eligible',
  };
  const fb = (outcome: 'accepted' | 'overridden'): FeedbackEvent => ({
    kind: 'feedback',
    at: '2026-11-01T10:01:00Z',
    serviceId: 's',
    cardUuid: 'c1',
    outcome,
    outcomeTimestamp: '2026-11-01T10:01:00Z',
  });

  it('appends concurrently without losing events, owner-only, and survives a torn last line', async () => {
    const path = join(dir, 'a', 'feedback.ndjson');
    const store = createNdjsonFeedbackStore(path);
    await Promise.all([
      store.append([issued]),
      store.append([fb('accepted')]),
      store.append([fb('overridden')]),
    ]);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    await appendFile(path, '{"kind":"feedback","card');
    const events = await createNdjsonFeedbackStore(path).readAll();
    expect(events).toHaveLength(3);
    const [summary] = summarizeFeedback(events);
    expect(summary).toMatchObject({ trialId: 'T', trialStatus: 'likely-eligible' });
    expect(summary!.feedback.map((f) => f.outcome).sort()).toEqual(['accepted', 'overridden']);
  });

  it('reads an absent file as empty', async () => {
    expect(await createNdjsonFeedbackStore(join(dir, 'none.ndjson')).readAll()).toEqual([]);
  });
});
