// The embedded feedback store: one JSON line per event in a local file (0600, folder 0700).
//
// Durability: an append is acknowledged only after its lines were written and fdatasync'ed; appends
// that arrive while a write is in flight are written together in the next one (group commit), so
// hundreds of concurrent feedback calls cost a few syncs, not hundreds. A crash (kill -9, power)
// can at worst leave a partial last line of an unacknowledged batch, which readers skip.
//
// Bounds: free-text `userComment` is PHI. Comments older than `commentRetentionDays` are removed,
// events older than `retentionDays` are dropped, and when the file outgrows `maxBytes` the oldest
// events go first. Compaction rewrites the file to a temporary one, syncs it and renames it over
// the store (atomic on POSIX), so a crash during compaction leaves the old or the new file, whole.
import { mkdir, open, readFile, rename, stat } from 'node:fs/promises';
import { dirname } from 'node:path';
import type { CardIssuedEvent, FeedbackEvent, FeedbackStore } from './feedback-store.js';

export interface FeedbackFileOptions {
  /** Largest file before the oldest events are dropped (bytes). */
  maxBytes: number;
  /** Events older than this are dropped (days). */
  retentionDays: number;
  /** `userComment` texts older than this are removed (days). */
  commentRetentionDays: number;
  now?: () => Date;
}

export const DEFAULT_FEEDBACK_FILE_OPTIONS: FeedbackFileOptions = { maxBytes: 64 * 1024 * 1024, retentionDays: 365, commentRetentionDays: 30 };

const DAY_MS = 86_400_000;

function parseLines(text: string): FeedbackEvent[] {
  // A crash mid-write can leave a partial last line: skip what does not parse.
  return text.split('\n').flatMap((line) => {
    if (!line.trim()) return [];
    try {
      const event = JSON.parse(line) as FeedbackEvent | null;
      // Only events: a line that is JSON but not one (an edit by hand, another tool) is skipped too.
      return event && typeof event === 'object' && typeof event.kind === 'string' ? [event] : [];
    } catch {
      return [];
    }
  });
}

async function readEvents(path: string): Promise<FeedbackEvent[]> {
  try {
    return parseLines(await readFile(path, 'utf8'));
  } catch (err) {
    if ((err as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw err;
  }
}

async function syncedWrite(path: string, flags: 'a' | 'w', text: string): Promise<void> {
  const handle = await open(path, flags, 0o600);
  try {
    await handle.write(text);
    await handle.datasync();
  } finally {
    await handle.close();
  }
}

/** fsync of the folder, so a rename or a new file survives a power loss too. */
async function syncFolder(folder: string): Promise<void> {
  const handle = await open(folder, 'r');
  try {
    await handle.sync();
  } finally {
    await handle.close();
  }
}

/** What a compaction keeps: within retention, comments past their days removed, under half the size bound. */
export function retainedEvents(events: readonly FeedbackEvent[], options: FeedbackFileOptions, now: Date): FeedbackEvent[] {
  const dropBefore = now.getTime() - options.retentionDays * DAY_MS;
  const uncommentBefore = now.getTime() - options.commentRetentionDays * DAY_MS;
  const kept = events
    .filter((e) => !(Date.parse(e.at) < dropBefore))
    .map((e) => {
      if (e.kind !== 'feedback' || e.userComment === undefined || !(Date.parse(e.at) < uncommentBefore)) return e;
      const rest = { ...e };
      delete rest.userComment;
      return rest;
    });
  // Still too large: drop the oldest until the file is at most half the bound (room to grow again).
  let bytes = kept.reduce((n, e) => n + Buffer.byteLength(JSON.stringify(e)) + 1, 0);
  let first = 0;
  while (bytes > options.maxBytes / 2 && first < kept.length) bytes -= Buffer.byteLength(JSON.stringify(kept[first++])) + 1;
  return kept.slice(first);
}

interface Waiting {
  text: string;
  events: readonly FeedbackEvent[];
  resolve: () => void;
  reject: (error: unknown) => void;
}

export function createNdjsonFeedbackStore(path: string, options: FeedbackFileOptions = DEFAULT_FEEDBACK_FILE_OPTIONS): FeedbackStore {
  const now = options.now ?? (() => new Date());
  let pending: Waiting[] = [];
  let flushing: Promise<void> | undefined;
  /** Issued cards read from the file (on first use), and those issued since. */
  let issued: Map<string, CardIssuedEvent> | undefined;
  const recent = new Map<string, CardIssuedEvent>();
  let size = -1;
  let compactedAt = 0;

  const remember = (events: readonly FeedbackEvent[]) => {
    for (const e of events) if (e.kind === 'card-issued') recent.set(e.cardUuid, e);
  };

  const compact = async () => {
    const kept = retainedEvents(await readEvents(path), options, now());
    const text = kept.map((e) => `${JSON.stringify(e)}\n`).join('');
    await syncedWrite(`${path}.compacting`, 'w', text);
    await rename(`${path}.compacting`, path);
    await syncFolder(dirname(path));
    size = Buffer.byteLength(text);
    compactedAt = now().getTime();
    // Rebuilt from the kept events on next use (no card a compaction dropped stays known).
    issued = undefined;
    recent.clear();
  };

  const writeBatch = async (batch: Waiting[]) => {
    await mkdir(dirname(path), { recursive: true, mode: 0o700 });
    if (size < 0) size = await stat(path).then((s) => s.size, () => 0);
    const created = size === 0;
    const text = batch.map((w) => w.text).join('');
    await syncedWrite(path, 'a', text);
    if (created) await syncFolder(dirname(path));
    size += Buffer.byteLength(text);
    for (const w of batch) remember(w.events);
    // Daily, and whenever the file outgrows its bound: retention and the size bound applied.
    if (size > options.maxBytes || now().getTime() - compactedAt > DAY_MS) await compact();
  };

  const flush = async () => {
    while (pending.length > 0) {
      const batch = pending;
      pending = [];
      try {
        await writeBatch(batch);
        for (const w of batch) w.resolve();
      } catch (error) {
        for (const w of batch) w.reject(error);
      }
    }
    flushing = undefined;
  };

  const settled = async () => {
    while (flushing) await flushing;
  };

  return {
    append(events) {
      if (events.length === 0) return Promise.resolve();
      const text = events.map((e) => `${JSON.stringify(e)}\n`).join('');
      return new Promise<void>((resolve, reject) => {
        pending.push({ text, events, resolve, reject });
        flushing ??= flush();
      });
    },
    async readAll() {
      await settled();
      return readEvents(path);
    },
    async issuedCard(cardUuid) {
      await settled();
      const fresh = recent.get(cardUuid);
      if (fresh) return fresh;
      if (!issued) {
        const index = new Map<string, CardIssuedEvent>();
        for (const e of await readEvents(path)) if (e.kind === 'card-issued') index.set(e.cardUuid, e);
        issued = index;
      }
      return issued.get(cardUuid);
    },
  };
}
