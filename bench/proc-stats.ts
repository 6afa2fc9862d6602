import { readdirSync, readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node runs on

/** utime and stime from a /proc stat file (a process's or one thread's), in seconds; NaN when it is gone. */
function statCpuTimes(path: string): { user: number; system: number } {
  try {
    const stat = readFileSync(path, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return { user: Number(fields[11]) / CLOCK_TICKS_PER_SECOND, system: Number(fields[12]) / CLOCK_TICKS_PER_SECOND };
  } catch {
    return { user: NaN, system: NaN };
  }
}

/** utime and stime of a process (all its threads), in seconds; NaN when it is gone. */
export function cpuTimes(pid: number): { user: number; system: number } {
  return statCpuTimes(`/proc/${pid}/stat`);
}

/** utime + stime of each thread of a process so far, in seconds, by thread id (the main thread's is the pid). */
export function threadCpuSeconds(pid: number): Map<string, number> {
  const seconds = new Map<string, number>();
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    const { user, system } = statCpuTimes(`/proc/${pid}/task/${thread}/stat`);
    // NaN: the thread ended between the listing and the read.
    if (!Number.isNaN(user)) seconds.set(thread, user + system);
  }
  return seconds;
}

/** utime + stime of a process, in seconds; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  const { user, system } = cpuTimes(pid);
  return user + system;
}

/** Current and peak resident set size in KiB (VmRSS, VmHWM); NaN when the process is gone. */
export function memoryKiB(pid: number): { rss: number; hwm: number } {
  try {
    const status = readFileSync(`/proc/${pid}/status`, 'utf8');
    const field = (name: string) => Number(new RegExp(`^${name}:\\s+(\\d+) kB`, 'm').exec(status)?.[1] ?? NaN);
    return { rss: field('VmRSS'), hwm: field('VmHWM') };
  } catch {
    return { rss: NaN, hwm: NaN };
  }
}

/**
 * A process's RSS once it has been left alone long enough to give back what it needs only while busy, KiB. V8 keeps
 * the young generation it grew during a burst (up to two 64 MiB semi-spaces in ours) resident until its memory
 * reducer runs, 15-35 s after the process goes quiet; only then is what remains the idle cost. Polls every 500 ms
 * and ends early once the RSS has fallen by a tenth and then held for 10 s (the reducer may collect up to three
 * times, 8 s apart), unless `stillGrown` (asked only then: a scrape allocates) says the young generation is still
 * large, when it waits for the next fall; else after `maxMs`. `settled`: it ended so, or, at `maxMs`, `stillGrown`
 * says no (nothing was left to give back); undefined when that cannot be told (no `stillGrown`).
 */
export async function settledRssKiB(
  pid: number,
  maxMs: number,
  stillGrown?: () => Promise<boolean>,
): Promise<{ readonly rssKiB: number; readonly settled?: boolean }> {
  const began = Date.now();
  let reference = memoryKiB(pid).rss;
  let last = reference;
  let steadySince = Date.now();
  while (Date.now() - began < maxMs) {
    await new Promise((resolve) => setTimeout(resolve, 500));
    const rss = memoryKiB(pid).rss;
    if (Math.abs(rss - last) > 1024) steadySince = Date.now();
    last = rss;
    if (last < reference * 0.9 && Date.now() - steadySince >= 10_000) {
      if (!(await stillGrown?.())) return { rssKiB: last, settled: true };
      reference = last;
    }
  }
  return { rssKiB: last, ...(stillGrown && { settled: !(await stillGrown()) }) };
}

/** Samples a process's RSS every `intervalMs` and keeps the highest value since the last `reset()`. */
export class RssSampler {
  private peak = 0;
  private readonly timer: NodeJS.Timeout;

  constructor(
    private readonly pid: number,
    intervalMs = 100,
  ) {
    this.timer = setInterval(() => this.sample(), intervalMs);
    this.timer.unref();
  }

  reset(): void {
    this.peak = 0;
    this.sample();
  }

  /** Highest RSS (KiB) seen since the last reset. */
  peakKiB(): number {
    this.sample();
    return this.peak;
  }

  stop(): void {
    clearInterval(this.timer);
  }

  private sample(): void {
    const { rss } = memoryKiB(this.pid);
    if (rss > this.peak) this.peak = rss;
  }
}

/** The open-files limit of this process (soft, hard), from /proc/self/limits. */
export function openFilesLimit(): { soft: number; hard: number } {
  try {
    const line = /^Max open files\s+(\S+)\s+(\S+)/m.exec(readFileSync('/proc/self/limits', 'utf8'));
    const value = (text?: string) => (text === 'unlimited' ? Infinity : Number(text));
    return { soft: value(line?.[1]), hard: value(line?.[2]) };
  } catch {
    return { soft: NaN, hard: NaN };
  }
}

/** The local port range the kernel picks client ports from: the most sockets one client IP can open to one port. */
export function ephemeralPorts(): number {
  try {
    const [low, high] = readFileSync('/proc/sys/net/ipv4/ip_local_port_range', 'utf8').trim().split(/\s+/).map(Number);
    return high - low + 1;
  } catch {
    return NaN;
  }
}

/** CPU seconds the whole machine spent busy (all cores: user, nice, system, irq, softirq, steal), from /proc/stat. */
export function machineBusySeconds(): number {
  try {
    const fields = readFileSync('/proc/stat', 'utf8').split('\n')[0].trim().split(/\s+/).slice(1).map(Number);
    const [user, nice, system, , , irq, softirq, steal] = fields;
    return (user + nice + system + irq + softirq + (steal ?? 0)) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
}

/**
 * Waits until processes other than `ours` use less than `limitPercent` of one core over a second, for at most
 * `maxMs`; returns the last measured share. Other people's builds and tests on a shared machine would skew a step.
 */
export async function waitForQuiet(ours: number[], limitPercent: number, maxMs: number): Promise<number> {
  const deadline = Date.now() + maxMs;
  let other = NaN;
  do {
    const busy0 = machineBusySeconds();
    const own0 = ours.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    await new Promise((resolve) => setTimeout(resolve, 1000));
    const busy1 = machineBusySeconds();
    const own1 = ours.reduce((sum, pid) => sum + cpuSeconds(pid), 0);
    other = 100 * (busy1 - busy0 - (own1 - own0));
    if (other < limitPercent) return other;
  } while (Date.now() < deadline);
  return other;
}
