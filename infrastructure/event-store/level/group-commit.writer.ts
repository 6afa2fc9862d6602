import { BatchOperation as LevelBatchOperation, ClassicLevel } from 'classic-level';

type Db = ClassicLevel<string, unknown>;
// Values of several sublevels travel in one batch, each encoded by its own sublevel.
export type BatchOperation = LevelBatchOperation<Db, string, any>;

/**
 * One frozen object for every batch, not a literal per call. abstract-level copies the options into each operation
 * (`{ ...options, ...operation }`); from a mutable literal V8 gives every such copy fresh hidden classes, about four
 * per operation, which only full collections reclaim: in the benchmark those 50-60 ms Mark-Compacts were the steps
 * that failed. From a frozen object the copies share their hidden classes.
 */
const SYNCED: Readonly<{ sync: true }> = Object.freeze({ sync: true });

interface PendingWrite {
  readonly operations: BatchOperation[];
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * Writes batches with `sync: true` (each acknowledged write has reached the disk), and while one write is in flight
 * gathers everything submitted meanwhile into the next one. A busy store thus pays one fsync for many appends,
 * while a quiet one still writes each append at once: group commit, as databases do it.
 */
export class GroupCommitWriter {
  private pending: PendingWrite[] = [];
  private flushing: Promise<void> | undefined;

  constructor(private readonly db: Db) {}

  write(operations: BatchOperation[]): Promise<void> {
    return new Promise((resolve, reject) => {
      this.pending.push({ operations, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Resolves once everything submitted so far is on disk. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.pending.length > 0) {
        const writes = this.pending;
        this.pending = [];
        try {
          await this.db.batch(
            writes.flatMap((write) => write.operations),
            SYNCED,
          );
          for (const write of writes) write.resolve();
        } catch (error) {
          for (const write of writes) write.reject(error);
        }
      }
    } finally {
      this.flushing = undefined;
    }
  }
}
