/**
 * Remembers JWT ids until their token expires, so a captured token cannot be replayed. Bounded:
 * when full, expired entries are swept; if it is still full the oldest entries go first, which
 * can only ever make the service reject fewer replays, never accept a bad signature.
 */
export class ReplayCache {
  private readonly seen = new Map<string, number>();

  constructor(private readonly maxEntries = 100_000) {}

  /** True when the id is new (and is now remembered until `expiresAtMs`); false for a replay. */
  remember(id: string, expiresAtMs: number, nowMs: number): boolean {
    const until = this.seen.get(id);
    if (until !== undefined && until > nowMs) return false;
    if (this.seen.size >= this.maxEntries) this.sweep(nowMs);
    this.seen.set(id, expiresAtMs);
    return true;
  }

  get size(): number {
    return this.seen.size;
  }

  private sweep(nowMs: number): void {
    for (const [id, until] of this.seen) if (until <= nowMs) this.seen.delete(id);
    const excess = this.seen.size - Math.floor(this.maxEntries * 0.9);
    if (excess <= 0) return;
    let n = 0;
    for (const id of this.seen.keys()) {
      if (n++ >= excess) break;
      this.seen.delete(id);
    }
  }
}
