/**
 * The disk's own fsync latency, measured beside the benchmark: a worker thread appends 200 bytes to a file in the
 * directory the store lives in and fdatasyncs it, every PROBE_INTERVAL_MS, for as long as the run lasts. It is the
 * physical limit of DURABILITY=synced (each acknowledged message waits for one such call), so each step is reported
 * beside what the disk did during it: its fsync percentiles and its stall fraction, the time spent in fsync calls
 * over 50 ms divided by the step's time.
 */
import { closeSync, fdatasyncSync, openSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { isMainThread, parentPort, Worker, workerData } from 'node:worker_threads';
import { wallNow } from './protocol';

const PROBE_INTERVAL_MS = 20;
/** A call slower than this counts as a stall: the benchmark's p99 limit, so one such call breaks a step's p99 on its own. */
export const STALL_MS = 50;

/** One fdatasync: when it began (wall-clock ms, as wallNow) and how long it took. */
interface Sync {
  readonly at: number;
  readonly ms: number;
}

export interface DiskWindow {
  readonly calls: number;
  readonly p50Ms: number;
  readonly p99Ms: number;
  readonly maxMs: number;
  /** Calls over STALL_MS. */
  readonly stalls: number;
  /** Time inside calls over STALL_MS, clipped to the window, over the window's length. */
  readonly stallFraction: number;
}

export class DiskProbe {
  private readonly syncs: Sync[] = [];
  private readonly worker: Worker;
  private readonly file: string;

  private constructor(directory: string) {
    this.file = join(directory, `disk-probe-${process.pid}.log`);
    this.worker = new Worker(__filename, { workerData: { file: this.file } });
    this.worker.on('message', (batch: Sync[]) => this.syncs.push(...batch));
    this.worker.unref();
  }

  static start(directory: string): DiskProbe {
    return new DiskProbe(directory);
  }

  /** What the disk did between two wall-clock instants; a call still running at `to` counts up to `to` when it ends. */
  window(from: number, to: number): DiskWindow {
    const inside = this.syncs.filter((sync) => sync.at + sync.ms > from && sync.at < to);
    const sorted = inside.map((sync) => sync.ms).sort((a, b) => a - b);
    const pick = (q: number) => (sorted.length === 0 ? NaN : sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))]);
    const slow = inside.filter((sync) => sync.ms > STALL_MS);
    const stalled = slow.reduce((sum, sync) => sum + Math.min(to, sync.at + sync.ms) - Math.max(from, sync.at), 0);
    return {
      calls: sorted.length,
      p50Ms: pick(0.5),
      p99Ms: pick(0.99),
      maxMs: sorted.length === 0 ? NaN : sorted[sorted.length - 1],
      stalls: slow.length,
      stallFraction: stalled / Math.max(1, to - from),
    };
  }

  /** The whole run so far. */
  overall(): DiskWindow & { readonly seconds: number } {
    if (this.syncs.length === 0) return { ...this.window(0, 1), seconds: 0 };
    const from = this.syncs[0].at;
    const to = this.syncs[this.syncs.length - 1].at + this.syncs[this.syncs.length - 1].ms;
    return { ...this.window(from, to), seconds: (to - from) / 1000 };
  }

  async stop(): Promise<void> {
    await this.worker.terminate();
    rmSync(this.file, { force: true });
  }
}

/** The worker: one file, one 200-byte append and fdatasync per interval, results posted in batches. */
function probe(file: string): void {
  let fd = openSync(file, 'w');
  const record = Buffer.alloc(200, 'x');
  let batch: Sync[] = [];
  let appended = 0;
  const tick = () => {
    writeSync(fd, record);
    const at = wallNow();
    fdatasyncSync(fd);
    batch.push({ at, ms: wallNow() - at });
    // Keep the file small: the probe measures the sync, not a growing file.
    if (++appended % 5000 === 0) {
      closeSync(fd);
      fd = openSync(file, 'w');
    }
    setTimeout(tick, PROBE_INTERVAL_MS);
  };
  setInterval(() => {
    if (batch.length === 0) return;
    parentPort!.postMessage(batch);
    batch = [];
  }, 250);
  tick();
}

if (!isMainThread && workerData?.file) probe(workerData.file as string);
