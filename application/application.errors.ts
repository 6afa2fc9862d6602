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

/**
 * A stream position that names another stream (its epoch is not the group's), or a place in it that does not exist:
 * the client cannot continue from it and must load the history afresh.
 */
export class UnrecoverablePositionError extends Error {
  readonly code = 'UNRECOVERABLE_POSITION';
  constructor(reason: string) {
    super(`unrecoverable position: ${reason}`);
    this.name = 'UnrecoverablePositionError';
  }
}
