/**
 * The service's own store timings during a step, from its Prometheus histograms (GET /metrics) read at the start and
 * the end of the measuring window: how long its appends took (in the synced mode, each one's fsync included) and, in
 * the written mode, how long its background fsyncs of the log took. Beside the disk probe, they tell a slow disk from
 * a busy process: the probe's file is not the store's.
 */

import { EVENT_LOOP_MONITOR_INTERVAL_MS } from '../entrypoint/modules/event-loop-monitor';

/** A Prometheus histogram as read at one moment: cumulative counts by upper bound (seconds), all series summed. */
export interface HistogramReading {
  readonly buckets: ReadonlyMap<number, number>;
  readonly count: number;
  readonly sum: number;
}

/** What a histogram recorded between two readings. */
export interface TimingWindow {
  readonly count: number;
  readonly meanMs: number;
  /** Upper bound of the bucket holding the 50th / 99th percentile, ms (Infinity beyond the last bucket). */
  readonly p50Ms: number;
  readonly p99Ms: number;
}

/**
 * How late the event loop ran a timer over the window, ms: prom-client's monitor (reset at each scrape) less its own
 * interval, which its gauges include.
 */
export interface EventLoopDelay {
  readonly p99Ms: number;
  readonly maxMs: number;
}

export interface StoreTimings {
  /** chat_event_store_append_seconds: every append, from the store's call to its answer. */
  readonly append?: TimingWindow;
  /** chat_event_store_background_sync_seconds: the written mode's fsyncs of the log (absent in the synced mode). */
  readonly backgroundSync?: TimingWindow;
  /** How long ready work waited for the event loop: tells a busy loop from a slow store. */
  readonly eventLoop?: EventLoopDelay;
}

const APPEND = 'chat_event_store_append_seconds';
const BACKGROUND_SYNC = 'chat_event_store_background_sync_seconds';
const LOOP_P99 = 'nodejs_eventloop_lag_p99_seconds';
const LOOP_MAX = 'nodejs_eventloop_lag_max_seconds';

/**
 * Reads every histogram named in `names` from one scrape, and the event loop's delay gauges (as one-bucket readings
 * whose sum is the value); undefined when the service does not answer.
 */
export async function readHistograms(metricsUrl: string, names: readonly string[] = [APPEND, BACKGROUND_SYNC]): Promise<Map<string, HistogramReading> | undefined> {
  const text = await scrape(metricsUrl);
  if (text === undefined) return undefined;
  const readings = new Map<string, { buckets: Map<number, number>; count: number; sum: number }>();
  for (const line of text.split('\n')) {
    const gauge = /^(nodejs_eventloop_lag_(?:p99|max)_seconds) ([0-9.e+-]+)$/.exec(line);
    if (gauge) {
      readings.set(gauge[1], { buckets: new Map(), count: 1, sum: Number(gauge[2]) });
      continue;
    }
    const match = /^([a-z_]+?)(_bucket|_count|_sum)(\{[^}]*\})? ([0-9.e+-]+|\+Inf|NaN)$/.exec(line);
    if (!match || !names.includes(match[1])) continue;
    const reading = readings.get(match[1]) ?? { buckets: new Map<number, number>(), count: 0, sum: 0 };
    readings.set(match[1], reading);
    const value = Number(match[4]);
    if (match[2] === '_count') reading.count += value;
    else if (match[2] === '_sum') reading.sum += value;
    else {
      const le = /[{,]le="([^"]*)"/.exec(match[3] ?? '')?.[1];
      const bound = le === '+Inf' ? Infinity : Number(le);
      reading.buckets.set(bound, (reading.buckets.get(bound) ?? 0) + value);
    }
  }
  return readings;
}

export function timingWindow(before: HistogramReading | undefined, after: HistogramReading | undefined): TimingWindow | undefined {
  // Without the first reading the figures would cover the whole run so far, not the window.
  if (!before || !after) return undefined;
  const count = after.count - before.count;
  if (count <= 0) return undefined;
  const bounds = [...after.buckets.keys()].sort((a, b) => a - b);
  const upTo = (q: number) => {
    for (const bound of bounds) {
      if ((after.buckets.get(bound) ?? 0) - (before.buckets.get(bound) ?? 0) >= q * count) return bound * 1000;
    }
    return Infinity;
  };
  return { count, meanMs: (1000 * (after.sum - before.sum)) / count, p50Ms: upTo(0.5), p99Ms: upTo(0.99) };
}

export function storeTimings(before: Map<string, HistogramReading> | undefined, after: Map<string, HistogramReading> | undefined): StoreTimings | undefined {
  // The event loop's gauges cover the time since the previous scrape: only the window's when the first one happened.
  if (!before || !after) return undefined;
  return {
    append: timingWindow(before.get(APPEND), after.get(APPEND)),
    backgroundSync: timingWindow(before.get(BACKGROUND_SYNC), after.get(BACKGROUND_SYNC)),
    eventLoop:
      after.has(LOOP_P99) && after.has(LOOP_MAX) ? { p99Ms: loopDelayMs(after.get(LOOP_P99)!), maxMs: loopDelayMs(after.get(LOOP_MAX)!) } : undefined,
  };
}

/** A gauge of the event-loop monitor, as the delay beyond the monitor's own interval. */
function loopDelayMs(gauge: HistogramReading): number {
  return Math.max(0, 1000 * gauge.sum - EVENT_LOOP_MONITOR_INTERVAL_MS);
}

/**
 * The size of V8's young generation (new space, committed), MiB: it grows with the allocation rate up to
 * --max-semi-space-size and is not per connection, so memory per connection is also given without it.
 */
export async function readNewSpaceMiB(metricsUrl: string): Promise<number | undefined> {
  const match = /^nodejs_heap_space_size_total_bytes\{space="new"\} ([0-9.e+]+)$/m.exec((await scrape(metricsUrl)) ?? '');
  return match ? Number(match[1]) / (1024 * 1024) : undefined;
}

/** The service's metrics page, or undefined when it does not answer within 2 s. */
async function scrape(metricsUrl: string): Promise<string | undefined> {
  try {
    const response = await fetch(metricsUrl, { signal: AbortSignal.timeout(2000) });
    return response.ok ? await response.text() : undefined;
  } catch {
    return undefined;
  }
}
