import { InvalidQueryError } from '../../../../application/application.errors';
import { EventStoreUnavailableError } from '../../../../application/ports/event-store.port';
import { GroupDeletedError, GroupNotFoundError } from '../../../../domain/group/group.errors';
import { BadCountError } from '../../../../presentation/grpc/chatservice/message-count';
import { toPositionPalStatus } from '../../../../presentation/grpc/chatservice/position-pal-status.mapping';
import { MissingFieldError } from '../../../../presentation/grpc/missing-field.error';
import { RequestTimeoutError, withinTimeout } from '../../../../presentation/grpc/request-timeout';

// The failures a running service on the embedded store cannot be made to show on demand (an unreachable store, a
// read that hangs) are checked here, where they are plain values.
describe('RetrieveLastMessages reports each failure inside status, as position-pal expects', () => {
  it.each([
    ['an unreachable store', new EventStoreUnavailableError('connection refused'), 'SERVICE_UNAVAILABLE'],
    ['a timeout', new RequestTimeoutError(5000), 'REQUEST_TIMEOUT'],
    ['an unparsable count', new BadCountError('ten'), 'BAD_REQUEST'],
    ['a query out of range', new InvalidQueryError('limit', 'must be a whole number ≥ 0'), 'BAD_REQUEST'],
    ['a missing group id', new MissingFieldError('group_id'), 'BAD_REQUEST'],
    ['an unknown group', new GroupNotFoundError('g'), 'OK'],
    ['a deleted group', new GroupDeletedError('g'), 'OK'],
    ['anything else', new Error('disk on fire'), 'GENERIC_ERROR'],
  ])('%s is %s', (_, error, code) => {
    expect(toPositionPalStatus(error).status.code).toBe(code);
  });

  it('names the problem, except for unexpected errors, whose details stay in the log', () => {
    expect(toPositionPalStatus(new EventStoreUnavailableError('connection refused')).status.message).toBe(
      'the event store cannot be reached: connection refused',
    );
    expect(toPositionPalStatus(new Error('disk on fire'))).toEqual({
      status: { code: 'GENERIC_ERROR', message: 'the messages could not be read' },
      unexpected: true,
    });
  });
});

describe('withinTimeout', () => {
  it('rejects with RequestTimeoutError when the work does not settle in time', async () => {
    await expect(withinTimeout(new Promise(() => {}), 1)).rejects.toEqual(new RequestTimeoutError(1));
  });

  it('settles like the work when it does', async () => {
    await expect(withinTimeout(Promise.resolve('done'), 60_000)).resolves.toBe('done');
    await expect(withinTimeout(Promise.reject(new Error('failed')), 60_000)).rejects.toThrow('failed');
  });
});
