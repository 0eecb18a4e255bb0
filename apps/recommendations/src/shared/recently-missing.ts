/**
 * Ids that were looked up and not found, remembered for a short while so that a client repeating an
 * unknown id is answered without a query each time. Bounded: when full, the oldest entry goes (a Map
 * keeps insertion order). The TTL bounds how long an id created meanwhile is still refused.
 */
export class RecentlyMissing {
  private readonly until = new Map<string, number>();

  constructor(
    private readonly ttlMs: number,
    private readonly maxEntries: number,
  ) {}

  has(id: string, now = Date.now()): boolean {
    const until = this.until.get(id);
    if (until === undefined) return false;
    if (until > now) return true;
    this.until.delete(id);
    return false;
  }

  add(id: string, now = Date.now()): void {
    if (this.ttlMs <= 0 || this.maxEntries <= 0) return;
    this.until.delete(id);
    if (this.until.size >= this.maxEntries) this.until.delete(this.until.keys().next().value as string);
    this.until.set(id, now + this.ttlMs);
  }

  get size(): number {
    return this.until.size;
  }
}
