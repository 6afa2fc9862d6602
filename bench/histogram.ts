/** A log-bucketed latency histogram (1 % resolution from 1 µs to about 10 minutes), mergeable by adding counts. */
const MIN_MS = 0.001;
const GROWTH = 1.01;
const LOG_GROWTH = Math.log(GROWTH);
export const BUCKETS = 2200;

export function newHistogram(): Float64Array {
  return new Float64Array(BUCKETS);
}

export function record(histogram: Float64Array, latencyMs: number): void {
  const index = latencyMs <= MIN_MS ? 0 : Math.min(BUCKETS - 1, Math.ceil(Math.log(latencyMs / MIN_MS) / LOG_GROWTH));
  histogram[index]++;
}

export function merge(into: Float64Array, from: ArrayLike<number>): void {
  for (let i = 0; i < BUCKETS; i++) into[i] += from[i] ?? 0;
}

/** The upper bound of the bucket holding the q-quantile (0 < q ≤ 1); NaN for an empty histogram. */
export function quantile(histogram: ArrayLike<number>, q: number): number {
  let total = 0;
  for (let i = 0; i < BUCKETS; i++) total += histogram[i];
  if (total === 0) return NaN;
  const rank = Math.ceil(q * total);
  let seen = 0;
  for (let i = 0; i < BUCKETS; i++) {
    seen += histogram[i];
    if (seen >= rank) return MIN_MS * Math.pow(GROWTH, i);
  }
  return MIN_MS * Math.pow(GROWTH, BUCKETS - 1);
}
