import { Metadata, ServiceError } from '@grpc/grpc-js';
import { answersTo } from '../../../error-answers';

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
 * The status a chat.v1 caller gets for an error, from the error table (error-answers.ts). Known errors keep their
 * message, which names the problem; anything else is INTERNAL with a plain message (the details go to the log, not to
 * the caller). `internal` is true for those.
 */
export function toGrpcError(error: unknown): { readonly serviceError: Partial<ServiceError>; readonly internal: boolean } {
  const { code, grpc } = answersTo(error);
  const internal = code === 'INTERNAL';
  const details = internal ? 'internal error' : detailsOf(code, error as Error);
  return { serviceError: { code: grpc, details, metadata: new Metadata() }, internal };
}

function detailsOf(code: string, error: Error & { field?: string }): string {
  if (code === 'CONCURRENCY_CONFLICT') return `${error.message}; the retries did not get through, try again`;
  if (code === 'STORE_UNAVAILABLE') return `the event store cannot be reached: ${error.message}`;
  return error.field !== undefined ? withWireFieldName(error.field, error.message) : error.message;
}
