import { status } from '@grpc/grpc-js';
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
import { toGrpcError } from '../../../../presentation/grpc/chat/v1/grpc-error.mapping';
import { MissingFieldError } from '../../../../presentation/grpc/missing-field.error';
import { RequestTimeoutError } from '../../../../presentation/grpc/request-timeout';

describe('chat.v1 errors as gRPC status codes', () => {
  it.each([
    [new InvalidIdentifierError('memberId', 'is empty'), status.INVALID_ARGUMENT, 'member_id is empty'],
    [new InvalidQueryError('beforeSeq', 'must be a whole number ≥ 1'), status.INVALID_ARGUMENT, 'before_seq must be a whole number ≥ 1'],
    [new MissingFieldError('group_id'), status.INVALID_ARGUMENT, 'group_id is required'],
    [new EmptyMessageError(), status.INVALID_ARGUMENT, 'message text is empty'],
    [new MessageTooLongError(10), status.INVALID_ARGUMENT, 'message text is longer than the limit of 10 characters'],
    [new GroupNotFoundError('g'), status.NOT_FOUND, 'group g does not exist'],
    [new GroupAlreadyExistsError('g', 'alice'), status.ALREADY_EXISTS, 'group g already exists, created by alice'],
    [new GroupDeletedError('g'), status.FAILED_PRECONDITION, 'group g has been deleted'],
    [new NotAMemberError('g', 'eve'), status.FAILED_PRECONDITION, 'user eve is not a member of group g'],
    [
      new ConcurrencyError('g', 7),
      status.ABORTED,
      'stream g is no longer at version 7: another writer appended first; the retries did not get through, try again',
    ],
    [new EventStoreUnavailableError('timed out'), status.UNAVAILABLE, 'the event store cannot be reached: timed out'],
    [new RequestTimeoutError(5000), status.DEADLINE_EXCEEDED, 'the request did not complete within 5000 ms'],
    [new Error('bug'), status.INTERNAL, 'internal error'],
  ])('%s', (error, code, details) => {
    expect(toGrpcError(error).serviceError).toMatchObject({ code, details });
  });

  it('marks only unknown errors as internal, to be logged', () => {
    expect(toGrpcError(new Error('bug')).internal).toBe(true);
    expect(toGrpcError(new GroupNotFoundError('g')).internal).toBe(false);
  });
});
