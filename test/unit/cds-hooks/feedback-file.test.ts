// The embedded feedback file's bounds (retention, comment expiry, size) and its crash rules.
import { appendFileSync, mkdtempSync, readFileSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createNdjsonFeedbackStore, retainedEvents, type FeedbackFileOptions } from '../../../src/cds-hooks/feedback-file.js';
import type { CardIssuedEvent, FeedbackReceivedEvent } from '../../../src/cds-hooks/feedback-store.js';

const DAY = 86_400_000;
const NOW = new Date('2026-12-07T12:00:00Z');
const daysAgo = (n: number) => new Date(NOW.getTime() - n * DAY).toISOString();

const issued = (uuid: string, at: string): CardIssuedEvent => ({ kind: 'card-issued', at, serviceId: 'trial-eligibility', hookInstance: 'h', cardUuid: uuid, suggestionUuid: `${uuid}-s`, trialId: 'NCT06789107', trialStatus: 'possibly-eligible' });
const feedback = (uuid: string, at: string, userComment?: string): FeedbackReceivedEvent => ({ kind: 'feedback', at, serviceId: 'trial-eligibility', cardUuid: uuid, outcome: 'overridden', outcomeTimestamp: at, ...(userComment ? { userComment } : {}) });

const options = (over: Partial<FeedbackFileOptions> = {}): FeedbackFileOptions => ({ maxBytes: 1024 * 1024, retentionDays: 365, commentRetentionDays: 30, now: () => NOW, ...over });

describe('retainedEvents', () => {
  test('drops events older than the retention, keeps the day before it', () => {
    const kept = retainedEvents([issued('old', daysAgo(366)), issued('edge', daysAgo(364)), issued('new', daysAgo(1))], options(), NOW);
    expect(kept.map((e) => (e as CardIssuedEvent).cardUuid)).toEqual(['edge', 'new']);
  });

  test('removes free-text comments past their own retention but keeps the outcome', () => {
    const [old, recent] = retainedEvents([feedback('a', daysAgo(31), 'patient travels'), feedback('b', daysAgo(2), 'call mother')], options(), NOW) as FeedbackReceivedEvent[];
    expect(old).toMatchObject({ cardUuid: 'a', outcome: 'overridden' });
    expect(old!.userComment).toBeUndefined();
    expect(recent!.userComment).toBe('call mother');
  });

  test('past the size bound the oldest events go first, down to half the bound', () => {
    const events = Array.from({ length: 100 }, (_, i) => issued(`card-${String(i).padStart(3, '0')}`, daysAgo(100 - i)));
    const oneLine = Buffer.byteLength(JSON.stringify(events[0])) + 1;
    const kept = retainedEvents(events, options({ maxBytes: oneLine * 40 }), NOW);
    expect(kept.length).toBeLessThanOrEqual(20);
    expect(kept.length).toBeGreaterThan(15);
    expect(kept.at(-1)).toEqual(events.at(-1));
  });
});

describe('the feedback file', () => {
  test('stays under its size bound while events keep arriving, and keeps the newest', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'trialcds-fb-')), 'feedback.ndjson');
    const store = createNdjsonFeedbackStore(path, options({ maxBytes: 8 * 1024 }));
    for (let i = 0; i < 200; i++) await store.append([issued(`c${i}`, daysAgo(0))]);
    expect(statSync(path).size).toBeLessThanOrEqual(8 * 1024);
    expect(await store.issuedCard('c199')).toBeDefined();
    expect(await store.issuedCard('c0')).toBeUndefined();
  });

  test('a torn last line (a crash mid-write) is skipped; the lines before it are read', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'trialcds-fb-')), 'feedback.ndjson');
    const store = createNdjsonFeedbackStore(path, options());
    await store.append([issued('whole', daysAgo(0))]);
    appendFileSync(path, '{"kind":"card-issued","cardUuid":"tor');
    const reopened = createNdjsonFeedbackStore(path, options());
    expect((await reopened.readAll()).map((e) => (e as CardIssuedEvent).cardUuid)).toEqual(['whole']);
    expect(await reopened.issuedCard('whole')).toBeDefined();
  });

  test('is created readable by its owner only', async () => {
    const path = join(mkdtempSync(join(tmpdir(), 'trialcds-fb-')), 'nested', 'feedback.ndjson');
    await createNdjsonFeedbackStore(path, options()).append([issued('x', daysAgo(0))]);
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toContain('"cardUuid":"x"');
  });
});
