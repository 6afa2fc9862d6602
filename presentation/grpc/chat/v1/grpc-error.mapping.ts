import { status as GrpcStatus, Metadata, ServiceError } from '@grpc/grpc-js';
import { InvalidQueryError } from '../../../../application/application.errors';
import { ConcurrencyError, EventStoreUnavailableError } from '../../../../application/ports/event-store.port';
import {
  EmptyMessageError,
  GroupAlreadyExistsError,
  GroupDeletedError,
  GroupNotFoundError,
  InvalidIdentifierError,
  MessageTooLongError,
  NotAMemberError,
} from '../../../../domain/group/group.errors';
import { MissingFieldError } from '../../missing-field.error';
import { RequestTimeoutError } from '../../request-timeout';

// The domain names fields as the code does; a gRPC caller knows them as the .proto spells them.
const WIRE_FIELD_NAMES: Readonly<Record<string, string>> = {
  groupId: 'group_id',
  createdBy: 'created_by',
  memberId: 'member_id',
  senderId: 'sender_id',
  clientMessageId: 'client_message_id',
  beforeSeq: 'before_seq',
};

function withWireFieldName(field: string, message: string): string {
  const wireName = WIRE_FIELD_NAMES[field];
  return wireName && message.startsWith(field) ? wireName + message.slice(field.length) : message;
}

/**
 * The status a chat.v1 caller gets for an error. Known errors keep their message, which names the problem; anything
 * else is INTERNAL with a plain message (the details go to the log, not to the caller). `internal` is true for those.
 */
export function toGrpcError(error: unknown): { readonly serviceError: Partial<ServiceError>; readonly internal: boolean } {
  const refuse = (code: GrpcStatus, details: string) => ({
    serviceError: { code, details, metadata: new Metadata() },
    internal: false,
  });
  if (error instanceof InvalidIdentifierError || error instanceof InvalidQueryError) {
    return refuse(GrpcStatus.INVALID_ARGUMENT, withWireFieldName(error.field, error.message));
  }
  if (error instanceof MissingFieldError || error instanceof EmptyMessageError || error instanceof MessageTooLongError) {
    return refuse(GrpcStatus.INVALID_ARGUMENT, error.message);
  }
  if (error instanceof GroupNotFoundError) return refuse(GrpcStatus.NOT_FOUND, error.message);
  if (error instanceof GroupAlreadyExistsError) return refuse(GrpcStatus.ALREADY_EXISTS, error.message);
  if (error instanceof GroupDeletedError || error instanceof NotAMemberError) {
    return refuse(GrpcStatus.FAILED_PRECONDITION, error.message);
  }
  if (error instanceof ConcurrencyError) {
    return refuse(GrpcStatus.ABORTED, `${error.message}; the retries did not get through, try again`);
  }
  if (error instanceof EventStoreUnavailableError) {
    return refuse(GrpcStatus.UNAVAILABLE, `the event store cannot be reached: ${error.message}`);
  }
  if (error instanceof RequestTimeoutError) return refuse(GrpcStatus.DEADLINE_EXCEEDED, error.message);
  return {
    serviceError: { code: GrpcStatus.INTERNAL, details: 'internal error', metadata: new Metadata() },
    internal: true,
  };
}
