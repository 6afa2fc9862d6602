/** A call took longer than the service allows; what it started may still complete in the background. */
export class RequestTimeoutError extends Error {
  readonly code = 'REQUEST_TIMEOUT';
  constructor(readonly timeoutMs: number) {
    super(`the request did not complete within ${timeoutMs} ms`);
    this.name = 'RequestTimeoutError';
  }
}

/**
 * Settles like `work`, or rejects with RequestTimeoutError after `timeoutMs`: a caller is answered in bounded time
 * even when the store hangs.
 */
export function withinTimeout<T>(work: Promise<T>, timeoutMs: number): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RequestTimeoutError(timeoutMs)), timeoutMs);
  });
  return Promise.race([work, timeout]).finally(() => clearTimeout(timer));
}
