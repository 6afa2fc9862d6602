import { readdirSync } from 'node:fs';
import { setPriority } from 'node:os';

/**
 * Lets the event loop win the CPU over the process's other threads (Linux only): every thread but the one that runs
 * JavaScript gets a higher nice value. Those threads are LevelDB's compactions and memtable flushes, the libuv thread
 * pool (store writes, fsyncs) and V8's helpers. On a machine with one core for the service (a container limit, or the
 * benchmark's pinning), a compaction otherwise takes the core from the event loop for tens of milliseconds at a time,
 * and every socket of every group waits: that, not the work per message, was the 99th percentile above 50 ms. Behind
 * the event loop they still run whenever it idles, and with a second core they run there.
 *
 * Threads appear later too (the thread pool grows on demand, LevelDB starts its compaction thread at its first
 * compaction): they are looked for again every `rescanMs`. A thread inherits the nice value of the thread that starts
 * it, so most are already lowered when they are found.
 */
export class BackgroundThreads {
  private readonly lowered = new Set<string>();
  private readonly timer: NodeJS.Timeout;

  private constructor(
    private readonly niceness: number,
    rescanMs: number,
  ) {
    this.lower();
    this.timer = setInterval(() => this.lower(), rescanMs);
    this.timer.unref();
  }

  /** Undefined where there is nothing to do: niceness 0, or no /proc (not Linux). */
  static yieldToEventLoop(niceness: number, rescanMs = 5000): BackgroundThreads | undefined {
    if (niceness <= 0 || process.platform !== 'linux') return undefined;
    return new BackgroundThreads(niceness, rescanMs);
  }

  /** How many threads run at the lower priority. */
  get count(): number {
    return this.lowered.size;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private lower(): void {
    let threads: string[];
    try {
      threads = readdirSync('/proc/self/task');
    } catch {
      return;
    }
    // On Linux the main thread's id is the process id; setpriority on any other id applies to that thread alone.
    const main = String(process.pid);
    for (const thread of threads) {
      if (thread === main || this.lowered.has(thread)) continue;
      try {
        setPriority(Number(thread), this.niceness);
        this.lowered.add(thread);
      } catch {
        // Gone since the listing, or not ours to change: nothing to lower.
      }
    }
  }
}
