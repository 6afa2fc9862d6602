import { createHash, timingSafeEqual } from 'node:crypto';

/**
 * The keys that let other services use the administration interfaces (HTTP admin routes, gRPC chat.v1). Several, so
 * that a key can be rotated: add the new one, move the callers, remove the old. Compared in constant time, over
 * digests of equal length, against every key whatever matches first, so neither the key nor its length leaks through
 * timing. With none configured, administration is open (position-pal's deployment sets no key).
 */
export class ApiKeys {
  private readonly digests: Buffer[];

  constructor(keys: readonly string[]) {
    this.digests = keys.filter((key) => key !== '').map(digest);
  }

  get open(): boolean {
    return this.digests.length === 0;
  }

  /** Whether `presented` is one of the keys (always true while administration is open). */
  admits(presented: unknown): boolean {
    if (this.open) return true;
    if (typeof presented !== 'string' || presented === '' || presented.length > 1024) return false;
    const candidate = digest(presented);
    let found = false;
    for (const known of this.digests) found = timingSafeEqual(candidate, known) || found;
    return found;
  }
}

function digest(key: string): Buffer {
  return createHash('sha256').update(key, 'utf8').digest();
}
