/** A query with arguments that make no sense (a negative count, a sequence number below 1). */
export class InvalidQueryError extends Error {
  readonly code = 'INVALID_QUERY';
  constructor(
    readonly field: string,
    reason: string,
  ) {
    super(`${field} ${reason}`);
    this.name = 'InvalidQueryError';
  }
}
