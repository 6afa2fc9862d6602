import { randomUUID } from 'node:crypto';

// What a caller may pass as a correlation id: short, and nothing that could forge a log line.
const USABLE = /^[\w.:-]{1,128}$/;

/** The caller's correlation id when it sent a usable one, else a new one: every request gets one. */
export function correlationIdFrom(given: unknown): string {
  return typeof given === 'string' && USABLE.test(given) ? given : randomUUID();
}
