export interface RetryBackoff {
  /** Wait before the second attempt. */
  readonly initialDelayMs: number;
  /** The wait doubles after each failure up to this: a store down for an hour is tried again at this pace. */
  readonly maxDelayMs: number;
}

/** How long to wait after failed attempt number `attempt` (1 for the first): exponential, capped, with jitter. */
export function retryDelayMs(backoff: RetryBackoff, attempt: number): number {
  const exponential = backoff.initialDelayMs * 2 ** Math.min(attempt - 1, 30);
  const capped = Math.min(exponential, backoff.maxDelayMs);
  // Up to 20% less, so that instances that failed together do not all retry at the same instant.
  return Math.round(capped * (0.8 + Math.random() * 0.2));
}

/** Resolves after `ms`, or as soon as `signal` aborts (shutdown must not wait out a long backoff). */
export function pause(ms: number, signal: AbortSignal): Promise<void> {
  return new Promise((resolve) => {
    if (signal.aborted) return resolve();
    const timer = setTimeout(done, ms);
    function done() {
      clearTimeout(timer);
      signal.removeEventListener('abort', done);
      resolve();
    }
    signal.addEventListener('abort', done, { once: true });
  });
}
