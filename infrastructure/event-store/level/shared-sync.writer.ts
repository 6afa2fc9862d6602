import { ClassicLevel } from 'classic-level';
import { ConcurrencyError } from '../../../application/ports/event-store.port';
import { LruCache } from '../../../application/support/lru-cache';

type Db = ClassicLevel<string, unknown>;
/**
 * A put as the database stores it: the key already carries its sublevel's prefix and the value is already encoded, so
 * that the batch goes to the root database as it is. Through sublevels, abstract-level would copy, look up encodings
 * for and re-prefix every operation on the event loop, on top of the native copy it cannot avoid.
 */
export interface BatchOperation {
  readonly type: 'put';
  readonly key: string;
  readonly value: string;
}

/**
 * One frozen object for every batch, not a literal per call. abstract-level copies the options into each operation
 * (`{ ...options, ...operation }`); from a mutable literal V8 gives every such copy fresh hidden classes, about four
 * per operation, which only full collections reclaim: in the benchmark those 50-60 ms Mark-Compacts were the steps
 * that failed. From a frozen object the copies share their hidden classes.
 */
const SYNCED: Readonly<{ sync: boolean }> = Object.freeze({ sync: true });
const WRITTEN: Readonly<{ sync: boolean }> = Object.freeze({ sync: false });

/** One stream's append: its operations, valid only while the stream is at `expectedVersion`. */
export interface PendingAppend {
  readonly streamId: string;
  readonly expectedVersion: number;
  readonly newVersion: number;
  readonly operations: BatchOperation[];
}

export interface WriterOptions {
  /** Whether each batch is on disk before it is acknowledged (`synced`), or written to the OS (`written`). */
  readonly sync: boolean;
  /**
   * The shortest time from one batch to the next (group commit): what arrives meanwhile waits and shares the next
   * batch. A batch after a quiet spell is written at once; only a busy store waits, and there one batch serves many
   * appends: every batch costs CPU of its own (a hand-off to the thread pool and back, and when synced an fsync),
   * taken from fan-out.
   */
  readonly minIntervalMs?: number;
}

interface Waiting {
  readonly append: PendingAppend;
  readonly resolve: () => void;
  readonly reject: (error: unknown) => void;
}

/**
 * The only writer of the database. Appends wait in one queue; while a write is in flight, everything that arrives
 * meanwhile goes into the next one, so a busy store pays one write (and, when synced, one fsync) for many appends and
 * a quiet one writes each at once. With `minIntervalMs`, a busy store also waits that long from one batch to the next,
 * so that each batch (and each fsync) serves more appends.
 *
 * It also decides every append's optimistic-concurrency check, just before the batch is built: as the only writer, it
 * knows each stream's head (the version of its last event) from what it wrote, so an append at a stale version is
 * refused there, with no queue per stream. Heads it does not remember are read from disk, which is current then,
 * since no write is in flight while a batch is being built.
 */
export class SharedSyncWriter {
  private waiting: Waiting[] = [];
  private flushing: Promise<void> | undefined;
  private readonly heads = new LruCache<string, number>(100_000);

  private readonly writeOptions: Readonly<{ sync: boolean }>;
  private readonly minIntervalMs: number;
  /** When the last batch was handed to the database (performance.now()). */
  private lastWriteAt = -Infinity;

  constructor(
    private readonly db: Db,
    /** The head of a stream the writer does not remember, read from disk. */
    private readonly readHead: (streamId: string) => Promise<number>,
    options: WriterOptions = { sync: true },
  ) {
    this.writeOptions = options.sync ? SYNCED : WRITTEN;
    this.minIntervalMs = options.minIntervalMs ?? 0;
  }

  /** Resolves once the append is on disk; rejects with ConcurrencyError when the stream was not at its version. */
  append(append: PendingAppend): Promise<void> {
    return new Promise((resolve, reject) => {
      this.waiting.push({ append, resolve, reject });
      this.flushing ??= this.flush();
    });
  }

  /** Resolves once everything submitted so far is settled. */
  async idle(): Promise<void> {
    while (this.flushing) await this.flushing;
  }

  private async flush(): Promise<void> {
    try {
      while (this.waiting.length > 0) {
        const wait = this.lastWriteAt + this.minIntervalMs - performance.now();
        if (wait > 0) await new Promise((resolve) => setTimeout(resolve, wait));
        this.lastWriteAt = performance.now();
        const waiting = this.waiting;
        this.waiting = [];
        await this.write(waiting);
      }
    } finally {
      this.flushing = undefined;
    }
  }

  /** Checks each append against its stream's head, in the order they came, and writes those that pass as one batch. */
  private async write(waiting: Waiting[]): Promise<void> {
    // The heads of this batch's streams, read from disk at once for those the cache forgot; kept here, not only in
    // the cache, so that no eviction during the batch can lose one that an append just moved on.
    const heads = new Map<string, number | Error>();
    let forgotten: string[] | undefined;
    for (const { append } of waiting) {
      if (heads.has(append.streamId)) continue;
      const cached = this.heads.get(append.streamId);
      if (cached !== undefined) heads.set(append.streamId, cached);
      else (forgotten ??= []).push(append.streamId), heads.set(append.streamId, -1);
    }
    if (forgotten) {
      await Promise.all(
        forgotten.map(async (streamId) => heads.set(streamId, await this.readHead(streamId).catch((error: Error) => error))),
      );
    }
    const accepted: Waiting[] = [];
    for (const pending of waiting) {
      const { streamId, expectedVersion, newVersion } = pending.append;
      const head = heads.get(streamId)!;
      if (head instanceof Error) {
        pending.reject(head);
        continue;
      }
      if (head !== expectedVersion) {
        this.heads.set(streamId, head);
        pending.reject(new ConcurrencyError(streamId, expectedVersion));
        continue;
      }
      // An append later in this batch for the same stream is checked against this one's result.
      heads.set(streamId, newVersion);
      this.heads.set(streamId, newVersion);
      accepted.push(pending);
    }
    const operations = accepted.length === 1 ? accepted[0].append.operations : [];
    if (accepted.length > 1) for (const pending of accepted) for (const operation of pending.append.operations) operations.push(operation);
    try {
      if (operations.length > 0) await this.db.batch(operations, this.writeOptions);
      for (const pending of accepted) pending.resolve();
    } catch (error) {
      // Whether any of it reached the disk is unknown: forget those heads, so that the next check reads them there.
      for (const pending of accepted) this.heads.delete(pending.append.streamId);
      for (const pending of accepted) pending.reject(error);
    }
  }
}
