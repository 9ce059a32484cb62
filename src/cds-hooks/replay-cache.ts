import { LRUCache } from 'lru-cache';

/**
 * Remembers JWT ids until their token expires, so a captured token cannot be replayed (lru-cache
 * with a TTL per id, on the authenticator's clock). Bounded: when full, expired ids are purged
 * first; if it is still full the least recently seen id goes, which can only ever make the service
 * reject fewer replays, never accept a bad signature.
 */
export class ReplayCache {
  private readonly seen: LRUCache<string, true>;

  constructor(
    private readonly now: () => number = Date.now,
    maxEntries = 100_000,
  ) {
    // ttlResolution 0: read the (possibly injected) clock on every check, never a cached time.
    this.seen = new LRUCache({ max: maxEntries, perf: { now }, ttlResolution: 0 });
  }

  /** True when the id is new (and is now remembered until `expiresAtMs`); false for a replay. */
  remember(id: string, expiresAtMs: number): boolean {
    if (this.seen.has(id)) return false;
    const ttl = expiresAtMs - this.now();
    if (ttl <= 0) return true; // already expired: jwtVerify refuses it, nothing to remember
    if (this.seen.size >= this.seen.max) this.seen.purgeStale();
    this.seen.set(id, true, { ttl });
    return true;
  }

  get size(): number {
    return this.seen.size;
  }
}
