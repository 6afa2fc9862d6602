import { status as GrpcStatus } from '@grpc/grpc-js';
import { InvalidQueryError, UnrecoverablePositionError } from '../../../application/application.errors';
import { InvalidTokenError, TokenExpiredError } from '../../../application/ports/connection-authenticator.port';
import { ConcurrencyError, EventStoreUnavailableError } from '../../../application/ports/event-store.port';
import {
  ClientMessageConflictError,
  EmptyMessageError,
  GroupAlreadyExistsError,
  GroupDeletedError,
  GroupNotFoundError,
  InvalidIdentifierError,
  MessageTooLongError,
  NotAMemberError,
} from '../../../domain/group/group.errors';
import { answersTo, ERROR_ANSWERS, errorCodeOf } from '../../../presentation/error-answers';
import { BadCountError } from '../../../presentation/grpc/chatservice/message-count';
import { MissingFieldError } from '../../../presentation/grpc/missing-field.error';
import { RequestTimeoutError } from '../../../presentation/grpc/request-timeout';
import { ForbiddenCharacterError } from '../../../presentation/visible-text';
import { Closing } from '../../../presentation/websocket/close-codes';

const EVERY_ERROR = [
  new GroupNotFoundError('g'),
  new GroupDeletedError('g'),
  new GroupAlreadyExistsError('g', 'alice'),
  new NotAMemberError('g', 'mallory'),
  new EmptyMessageError(),
  new MessageTooLongError(10),
  new InvalidIdentifierError('groupId', 'is empty'),
  new InvalidQueryError('limit', 'must be a whole number ≥ 0'),
  new MissingFieldError('group_id'),
  new BadCountError('ten'),
  new ConcurrencyError('g', 3),
  new EventStoreUnavailableError('connection refused'),
  new RequestTimeoutError(5000),
  new InvalidTokenError('bad signature'),
  new TokenExpiredError(),
  new UnrecoverablePositionError('another epoch'),
  new ForbiddenCharacterError(),
  new ClientMessageConflictError('m-1'),
];

describe('the error table', () => {
  it('has exactly one row for each error the service answers for, and one for everything else', () => {
    const codes = EVERY_ERROR.map(errorCodeOf);
    expect(new Set(codes).size).toBe(EVERY_ERROR.length);
    expect([...codes, 'INTERNAL'].sort()).toEqual(Object.keys(ERROR_ANSWERS).sort());
  });

  it('answers anything without a known code as INTERNAL, a system error code included', () => {
    expect(errorCodeOf(new Error('disk on fire'))).toBe('INTERNAL');
    expect(errorCodeOf(Object.assign(new Error('reset'), { code: 'ECONNRESET' }))).toBe('INTERNAL');
    expect(errorCodeOf(Object.assign(new Error('tricky'), { code: 'toString' }))).toBe('INTERNAL');
    expect(errorCodeOf(undefined)).toBe('INTERNAL');
  });

  it.each([
    ['an unknown group', new GroupNotFoundError('g'), 404, GrpcStatus.NOT_FOUND, 'OK', Closing.unknownGroup, { deadLetter: 'refused_by_domain' }],
    ['a non-member', new NotAMemberError('g', 'm'), 403, GrpcStatus.FAILED_PRECONDITION, 'GENERIC_ERROR', Closing.notAMember, { deadLetter: 'refused_by_domain' }],
    ['a store that is down', new EventStoreUnavailableError('x'), 503, GrpcStatus.UNAVAILABLE, 'SERVICE_UNAVAILABLE', Closing.unavailable, 'retried'],
    ['lost races', new ConcurrencyError('g', 1), 409, GrpcStatus.ABORTED, 'GENERIC_ERROR', Closing.internalError, 'retried'],
    ['a bug', new TypeError('undefined is not a function'), 500, GrpcStatus.INTERNAL, 'GENERIC_ERROR', Closing.internalError, 'retried'],
  ])('answers %s on every adapter', (_, error, http, grpc, positionPal, connect, groupUpdate) => {
    expect(answersTo(error)).toMatchObject({ http, grpc, positionPal, socket: { connect }, groupUpdate });
  });

  it('closes a socket whose member was removed, and drops a message that is merely refused', () => {
    expect(answersTo(new NotAMemberError('g', 'm')).socket.message).toBe(Closing.removed);
    expect(answersTo(new MessageTooLongError(10)).socket.message).toBe('dropped');
    expect(answersTo(new EventStoreUnavailableError('x')).socket.message).toBe('dropped');
  });
});
