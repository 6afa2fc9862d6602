/**
 * Pings spread over the interval: the interval is cut into slices, each connection is given one slice for good, and
 * every slice's timer checks its own connections only. So every connection is still checked exactly once per interval,
 * but thousands of pings (and their pongs) never come as one burst that stalls every member's messages behind it
 * (measured: a 100 ms p99 spike every 30 s with 2,000 sockets when they all came at once).
 */
export class KeepaliveSchedule<Connection> {
  private readonly slices: Set<Connection>[];
  private readonly sliceOf = new Map<Connection, Set<Connection>>();
  private nextSlice = 0;
  private due = 0;
  private timer?: NodeJS.Timeout;

  constructor(
    private readonly intervalMs: number,
    private readonly check: (connection: Connection) => void,
    sliceCount = 30,
  ) {
    this.slices = Array.from({ length: sliceCount }, () => new Set<Connection>());
  }

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(this.checkDueSlice, this.intervalMs / this.slices.length);
    this.timer.unref();
  }

  stop(): void {
    clearInterval(this.timer);
    this.timer = undefined;
  }

  /** Round robin, so that connections opened in a burst still land in different slices. */
  add(connection: Connection): void {
    if (this.sliceOf.has(connection)) return;
    const slice = this.slices[this.nextSlice];
    this.nextSlice = (this.nextSlice + 1) % this.slices.length;
    slice.add(connection);
    this.sliceOf.set(connection, slice);
  }

  remove(connection: Connection): void {
    this.sliceOf.get(connection)?.delete(connection);
    this.sliceOf.delete(connection);
  }

  private readonly checkDueSlice = (): void => {
    const slice = this.slices[this.due];
    this.due = (this.due + 1) % this.slices.length;
    // A check may end its connection, which removes it from this very set: deleting while iterating a Set is safe.
    for (const connection of slice) this.check(connection);
  };
}
