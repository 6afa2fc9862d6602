import { readFileSync } from 'node:fs';

const CLOCK_TICKS_PER_SECOND = 100; // USER_HZ: 100 on every Linux architecture Node runs on

/** utime + stime of a process, in seconds; NaN when it is gone. */
export function cpuSeconds(pid: number): number {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
    // The command name (field 2) may hold spaces and parentheses: count fields after its closing one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    return (Number(fields[11]) + Number(fields[12])) / CLOCK_TICKS_PER_SECOND;
  } catch {
    return NaN;
  }
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
