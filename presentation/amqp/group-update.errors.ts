/**
 * A broker message this adapter can never apply, whatever the state of the service: it is set aside in the
 * dead-letter queue with `code` and the message, never retried.
 */
export abstract class PoisonMessageError extends Error {
  abstract readonly code: string;
  /** The `dead_letter_reason` header: the family of the problem, for routing and dashboards. */
  abstract readonly reason: string;

  protected constructor(message: string) {
    super(message);
    this.name = new.target.name;
  }
}

export class UnknownMessageTypeError extends PoisonMessageError {
  readonly code = 'UNKNOWN_MESSAGE_TYPE';
  readonly reason = 'unknown_message_type';
  constructor(readonly messageType: unknown) {
    super(
      messageType === undefined
        ? 'the message has no message_type header'
        : `message_type ${JSON.stringify(String(messageType))} is not one of GROUP_CREATED, GROUP_DELETED, MEMBER_ADDED, MEMBER_REMOVED`,
    );
  }
}

export class UndecodableBodyError extends PoisonMessageError {
  readonly code = 'UNDECODABLE_BODY';
  readonly reason = 'undecodable_body';
  constructor(detail: string) {
    super(detail);
  }
}
