/**
 * Per-key state (a queue, a chain of tasks) that stays in its Map while idle, so that a key used again and again
 * costs no Map insertion and deletion each time: a long-lived Map that grows and shrinks by one entry per message
 * rebuilds its hash table every few operations, and V8 allocates the new table of an old Map directly in old space,
 * garbage that only a full collection reclaims. Idle lanes are swept out in one pass when a new
 * key finds the Map at twice the size it had after the last sweep (at least `minimumBeforeSweep`), so it never holds
 * more than twice the lanes that were busy at that sweep, or `minimumBeforeSweep`.
 */
export class KeyedLanes<K, Lane> {
  private readonly lanes = new Map<K, Lane>();
  private sweepAt: number;

  constructor(
    private readonly create: () => Lane,
    private readonly isIdle: (lane: Lane) => boolean,
    private readonly minimumBeforeSweep = 1024,
  ) {
    this.sweepAt = minimumBeforeSweep;
  }

  /** The key's lane, made when it has none. */
  of(key: K): Lane {
    let lane = this.lanes.get(key);
    if (lane === undefined) {
      if (this.lanes.size >= this.sweepAt) this.sweep();
      lane = this.create();
      this.lanes.set(key, lane);
    }
    return lane;
  }

  /** The lanes that are not idle. */
  busy(): Lane[] {
    return [...this.lanes.values()].filter((lane) => !this.isIdle(lane));
  }

  get size(): number {
    return this.lanes.size;
  }

  private sweep(): void {
    for (const [key, lane] of this.lanes) if (this.isIdle(lane)) this.lanes.delete(key);
    this.sweepAt = Math.max(this.minimumBeforeSweep, this.lanes.size * 2);
  }
}
