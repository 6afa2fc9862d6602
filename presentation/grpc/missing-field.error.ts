/** A request the adapter refuses before any use case runs: a required field left empty on the wire. */
export class MissingFieldError extends Error {
  readonly code = 'MISSING_FIELD';
  constructor(readonly field: string) {
    super(`${field} is required`);
    this.name = 'MissingFieldError';
  }
}

/** proto3 cannot tell an absent string from an empty one: both arrive as "". */
export function requireField(field: string, value: string): string {
  if (value.length === 0) throw new MissingFieldError(field);
  return value;
}
