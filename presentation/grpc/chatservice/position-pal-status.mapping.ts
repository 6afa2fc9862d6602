import { InvalidQueryError } from '../../../application/application.errors';
import { EventStoreUnavailableError } from '../../../application/ports/event-store.port';
import { GroupDeletedError, GroupNotFoundError } from '../../../domain/group/group.errors';
import { Status } from '../generated/chatservice/Status';
import { StatusCode } from '../generated/chatservice/StatusCode';
import { MissingFieldError } from '../missing-field.error';
import { RequestTimeoutError } from '../request-timeout';
import { BadCountError } from './message-count';

/**
 * How position-pal's RetrieveLastMessages reports an error: inside `status`, never as a failed call (where position-pal
 * itself fails the call on a count it cannot parse, ours answers BAD_REQUEST). An unknown or deleted group is not an
 * error for it: position-pal answers such a group with no messages. `unexpected` is true when
 * the details belong in the log rather than in the reply.
 */
export function toPositionPalStatus(error: unknown): { readonly status: Status; readonly unexpected: boolean } {
  const status = (code: StatusCode, message: string) => ({ status: { code, message }, unexpected: false });
  if (error instanceof GroupNotFoundError || error instanceof GroupDeletedError) {
    return status(StatusCode.OK, `${error.message}: no messages`);
  }
  if (error instanceof BadCountError || error instanceof InvalidQueryError || error instanceof MissingFieldError) {
    return status(StatusCode.BAD_REQUEST, error.message);
  }
  if (error instanceof EventStoreUnavailableError) {
    return status(StatusCode.SERVICE_UNAVAILABLE, `the event store cannot be reached: ${error.message}`);
  }
  if (error instanceof RequestTimeoutError) return status(StatusCode.REQUEST_TIMEOUT, error.message);
  return { status: { code: StatusCode.GENERIC_ERROR, message: 'the messages could not be read' }, unexpected: true };
}
