import { KeyedLanes } from './keyed-lanes';

interface Lane {
  /** Settles when the last task submitted for the key has settled. */
  tail: Promise<unknown>;
  /** Tasks submitted and not yet settled. */
  pending: number;
}

/**
 * Runs tasks one at a time per key, in the order they were submitted, and tasks of different keys concurrently.
 * This is how one process handles a group's commands: no two decide on the same state at once.
 */
export class KeyedSerialExecutor {
  private readonly lanes: KeyedLanes<string, Lane>;

  constructor(minimumBeforeSweep?: number) {
    this.lanes = new KeyedLanes<string, Lane>(
      () => ({ tail: Promise.resolve(), pending: 0 }),
      (lane) => lane.pending === 0,
      minimumBeforeSweep,
    );
  }

  run<T>(key: string, task: () => Promise<T>): Promise<T> {
    const lane = this.lanes.of(key);
    lane.pending++;
    const result = lane.tail.then(task, task);
    const settled = () => {
      lane.pending--;
    };
    lane.tail = result.then(settled, settled);
    return result;
  }

  /** Keys with a lane, busy or idle: bounded by the sweep (see KeyedLanes). */
  get keys(): number {
    return this.lanes.size;
  }

  /** Resolves once every task submitted so far has settled: used on shutdown. */
  async drain(): Promise<void> {
    for (let busy = this.lanes.busy(); busy.length > 0; busy = this.lanes.busy()) {
      await Promise.all(busy.map((lane) => lane.tail));
    }
  }
}
