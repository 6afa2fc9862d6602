import { FileHandle, open, readdir } from 'node:fs/promises';
import { join } from 'node:path';

export interface LogSyncerOptions {
  /** How often the write-ahead log is flushed to disk. */
  readonly intervalMs: number;
  /** Told of each flush and how long it took, for metrics (a disk stall shows here, never in an append). */
  readonly onSync?: (durationMs: number) => void;
  readonly onError?: (error: unknown) => void;
}

/** LevelDB's write-ahead logs: `000123.log`, the highest number the one it writes now. */
const LOG_FILE = /^(\d+)\.log$/;

/**
 * Flushes LevelDB's write-ahead log to disk every `intervalMs`, beside the database rather than through it: appends are
 * written without a sync (on the OS's page cache, which survives the process being killed), and this makes them
 * survive a power loss too, but for the last interval. classic-level has no fsync of its own, and a synced dummy write
 * would queue every writer behind it; this opens the current log file itself and calls fdatasync on it from the
 * thread pool, so no append and no fan-out ever waits for the disk.
 *
 * When LevelDB moves to a new log (its memtable was flushed to a table file, which it syncs itself), the old one is
 * flushed once more and closed.
 */
export class LogSyncer {
  private timer?: NodeJS.Timeout;
  private current?: { readonly name: string; readonly handle: FileHandle };
  private running?: Promise<void>;
  private next?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly directory: string,
    private readonly options: LogSyncerOptions,
  ) {}

  start(): void {
    this.timer = setInterval(() => void this.syncNow(), this.options.intervalMs);
    this.timer.unref();
  }

  /**
   * Resolves once what was written before the call is on disk. A flush under way may have chosen its file or started
   * its fdatasync before that write, so it does not count: the caller gets the next one, which every caller arriving
   * meanwhile shares.
   */
  syncNow(): Promise<void> {
    if (!this.running) {
      this.running = this.sync().finally(() => (this.running = undefined));
      return this.running;
    }
    this.next ??= this.running.then(() => {
      this.next = undefined;
      return this.syncNow();
    });
    return this.next;
  }

  /** The last flush, then the file is closed: called before the database closes. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.timer);
    await this.next;
    await this.running;
    await this.sync();
    await this.current?.handle.close().catch(() => undefined);
    this.current = undefined;
  }

  /** The log file being flushed, for tests. */
  get file(): string | undefined {
    return this.current?.name;
  }

  private async sync(): Promise<void> {
    try {
      const name = await this.currentLog();
      if (name !== undefined && name !== this.current?.name) {
        const previous = this.current;
        this.current = { name, handle: await open(join(this.directory, name), 'r') };
        if (previous) {
          // What was written to it before the switch is flushed before it is let go.
          await previous.handle.datasync().catch(() => undefined);
          await previous.handle.close().catch(() => undefined);
        }
      }
      if (!this.current) return;
      const started = performance.now();
      await this.current.handle.datasync();
      this.options.onSync?.(performance.now() - started);
    } catch (error) {
      if (!this.stopped) this.options.onError?.(error);
    }
  }

  private async currentLog(): Promise<string | undefined> {
    let newest: { name: string; number: number } | undefined;
    for (const name of await readdir(this.directory)) {
      const match = LOG_FILE.exec(name);
      if (match && (!newest || Number(match[1]) > newest.number)) newest = { name, number: Number(match[1]) };
    }
    return newest?.name;
  }
}
