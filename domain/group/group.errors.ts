/**
 * A command the group refuses for good: retrying it on the same state gives the same answer, so adapters
 * report it to the caller (or dead-letter it) rather than retry.
 */
export abstract class GroupRuleViolation extends Error {
  abstract readonly code: string;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class GroupNotFoundError extends GroupRuleViolation {
  readonly code = 'GROUP_NOT_FOUND';
  constructor(readonly groupId: string) {
    super(`group ${groupId} does not exist`);
  }
}

export class GroupDeletedError extends GroupRuleViolation {
  readonly code = 'GROUP_DELETED';
  constructor(readonly groupId: string) {
    super(`group ${groupId} has been deleted`);
  }
}

export class GroupAlreadyExistsError extends GroupRuleViolation {
  readonly code = 'GROUP_ALREADY_EXISTS';
  constructor(
    readonly groupId: string,
    /** Absent when the group was adopted: its creator is unknown. */
    readonly createdBy?: string,
  ) {
    super(`group ${groupId} already exists, ${createdBy === undefined ? 'its creator unknown' : `created by ${createdBy}`}`);
  }
}

export class NotAMemberError extends GroupRuleViolation {
  readonly code = 'NOT_A_MEMBER';
  constructor(
    readonly groupId: string,
    readonly userId: string,
  ) {
    super(`user ${userId} is not a member of group ${groupId}`);
  }
}

export class EmptyMessageError extends GroupRuleViolation {
  readonly code = 'EMPTY_MESSAGE';
  constructor() {
    super('message text is empty');
  }
}

export class MessageTooLongError extends GroupRuleViolation {
  readonly code = 'MESSAGE_TOO_LONG';
  constructor(readonly maxLength: number) {
    super(`message text is longer than the limit of ${maxLength} characters`);
  }
}

export class InvalidIdentifierError extends GroupRuleViolation {
  readonly code = 'INVALID_IDENTIFIER';
  constructor(
    readonly field: string,
    readonly reason: string,
  ) {
    super(`${field} ${reason}`);
  }
}

/** A client message id that the sender used, recently, for another text: a resend must be the same message. */
export class ClientMessageConflictError extends GroupRuleViolation {
  readonly code = 'CLIENT_MESSAGE_CONFLICT';
  constructor(readonly clientMessageId: string) {
    super(`client message id ${clientMessageId} was used for another text`);
  }
}
