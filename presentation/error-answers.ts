import { status as GrpcStatus } from '@grpc/grpc-js';
import { ErrorCode as V2, ProtocolError } from './centrifugal/protocol';
import { StatusCode } from './grpc/generated/chatservice/StatusCode';
import { Closing, CloseReason } from './websocket/close-codes';

/** How each adapter answers one kind of error. */
export interface ErrorAnswers {
  /** The HTTP admin API's status. */
  readonly http: number;
  /** chat.v1's gRPC status. */
  readonly grpc: GrpcStatus;
  /** position-pal's RetrieveLastMessages, inside its reply's `status`. */
  readonly positionPal: StatusCode;
  /** The chat socket: how a connection attempt is refused, and what becomes of a message refused with this error. */
  readonly socket: { readonly connect: CloseReason; readonly message: 'dropped' | CloseReason };
  /** A group update it stops: set aside with this `dead_letter_reason`, or retried in place while it may pass. */
  readonly groupUpdate: { readonly deadLetter: string } | 'retried';
  /** The client protocol (v2): the error a command is answered with. */
  readonly centrifugal: ProtocolError;
}

const REFUSED_BY_DOMAIN = { deadLetter: 'refused_by_domain' } as const;
/** A caller's mistake on a request the socket cannot make: answered like an internal error there. */
const NOT_ON_A_SOCKET = { connect: Closing.internalError, message: 'dropped' } as const;

/**
 * Every error the service answers for, by the `code` it carries (domain, application and adapter errors alike), and
 * how each adapter answers it: the one place where an error becomes a status. Anything without one of these codes is
 * `INTERNAL`: a bug, answered without its details, which go to the log.
 */
export const ERROR_ANSWERS = {
  GROUP_NOT_FOUND: {
    http: 404,
    grpc: GrpcStatus.NOT_FOUND,
    // position-pal answers a group it does not know with no messages.
    positionPal: StatusCode.OK,
    socket: { connect: Closing.unknownGroup, message: Closing.unknownGroup },
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.unknownChannel, message: 'unknown channel: no group has this id' },
  },
  GROUP_DELETED: {
    http: 410,
    grpc: GrpcStatus.FAILED_PRECONDITION,
    positionPal: StatusCode.OK,
    socket: { connect: Closing.groupDeleted, message: Closing.groupDeleted },
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.unknownChannel, message: 'unknown channel: the group was deleted' },
  },
  GROUP_ALREADY_EXISTS: {
    http: 409,
    grpc: GrpcStatus.ALREADY_EXISTS,
    positionPal: StatusCode.GENERIC_ERROR,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.badRequest, message: 'bad request: the group exists' },
  },
  NOT_A_MEMBER: {
    http: 403,
    grpc: GrpcStatus.FAILED_PRECONDITION,
    positionPal: StatusCode.GENERIC_ERROR,
    // Refused at the door; a socket already in whose member was removed meanwhile is closed.
    socket: { connect: Closing.notAMember, message: Closing.removed },
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.permissionDenied, message: 'permission denied: not a member of the group' },
  },
  // The same client message id with another text: a mistake to report, never answered with the first message.
  CLIENT_MESSAGE_CONFLICT: {
    http: 409,
    grpc: GrpcStatus.ALREADY_EXISTS,
    positionPal: StatusCode.BAD_REQUEST,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.badRequest, message: 'bad request: this clientMessageId was used for another text' },
  },
  EMPTY_MESSAGE: {
    http: 400,
    grpc: GrpcStatus.INVALID_ARGUMENT,
    positionPal: StatusCode.BAD_REQUEST,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.badRequest, message: 'bad request: empty message' },
  },
  MESSAGE_TOO_LONG: {
    http: 400,
    grpc: GrpcStatus.INVALID_ARGUMENT,
    positionPal: StatusCode.BAD_REQUEST,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.badRequest, message: 'bad request: message too long' },
  },
  // A NUL in a message (HTTP, gRPC, v2; v1 keeps content as received).
  FORBIDDEN_CHARACTER: {
    http: 400,
    grpc: GrpcStatus.INVALID_ARGUMENT,
    positionPal: StatusCode.BAD_REQUEST,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.badRequest, message: 'bad request: NUL in the text' },
  },
  INVALID_IDENTIFIER: {
    http: 400,
    grpc: GrpcStatus.INVALID_ARGUMENT,
    positionPal: StatusCode.BAD_REQUEST,
    socket: { connect: Closing.malformedId, message: 'dropped' },
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.badRequest, message: 'bad request: malformed id' },
  },
  INVALID_QUERY: {
    http: 400,
    grpc: GrpcStatus.INVALID_ARGUMENT,
    positionPal: StatusCode.BAD_REQUEST,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.badRequest, message: 'bad request: invalid query' },
  },
  MISSING_FIELD: {
    http: 400,
    grpc: GrpcStatus.INVALID_ARGUMENT,
    positionPal: StatusCode.BAD_REQUEST,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.badRequest, message: 'bad request: a field is missing' },
  },
  INVALID_COUNT: {
    http: 400,
    grpc: GrpcStatus.INVALID_ARGUMENT,
    positionPal: StatusCode.BAD_REQUEST,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.badRequest, message: 'bad request: invalid count' },
  },
  // Other instances kept changing the group through every retry: worth trying again.
  CONCURRENCY_CONFLICT: {
    http: 409,
    grpc: GrpcStatus.ABORTED,
    positionPal: StatusCode.GENERIC_ERROR,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: 'retried',
    centrifugal: { code: V2.internal, message: 'internal server error: the group kept changing', temporary: true },
  },
  STORE_UNAVAILABLE: {
    http: 503,
    grpc: GrpcStatus.UNAVAILABLE,
    positionPal: StatusCode.SERVICE_UNAVAILABLE,
    socket: { connect: Closing.unavailable, message: 'dropped' },
    groupUpdate: 'retried',
    centrifugal: { code: V2.internal, message: 'internal server error: chat store unavailable', temporary: true },
  },
  REQUEST_TIMEOUT: {
    http: 504,
    grpc: GrpcStatus.DEADLINE_EXCEEDED,
    positionPal: StatusCode.REQUEST_TIMEOUT,
    socket: { connect: Closing.unavailable, message: 'dropped' },
    groupUpdate: 'retried',
    centrifugal: { code: V2.internal, message: 'internal server error: timed out', temporary: true },
  },
  // A v2 connection's credentials: refused (the connection ends with 3500), or expired (the SDK gets a fresh token).
  INVALID_TOKEN: {
    http: 401,
    grpc: GrpcStatus.UNAUTHENTICATED,
    positionPal: StatusCode.GENERIC_ERROR,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.unauthorized, message: 'unauthorized: invalid token' },
  },
  TOKEN_EXPIRED: {
    http: 401,
    grpc: GrpcStatus.UNAUTHENTICATED,
    positionPal: StatusCode.GENERIC_ERROR,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.tokenExpired, message: 'token expired' },
  },
  // A stream position from another stream (epoch) or one that does not exist: the client reloads.
  UNRECOVERABLE_POSITION: {
    http: 400,
    grpc: GrpcStatus.FAILED_PRECONDITION,
    positionPal: StatusCode.BAD_REQUEST,
    socket: NOT_ON_A_SOCKET,
    groupUpdate: REFUSED_BY_DOMAIN,
    centrifugal: { code: V2.unrecoverablePosition, message: 'unrecoverable position' },
  },
  INTERNAL: {
    http: 500,
    grpc: GrpcStatus.INTERNAL,
    positionPal: StatusCode.GENERIC_ERROR,
    socket: { connect: Closing.internalError, message: 'dropped' },
    // Not known to be permanent: held and retried, never thrown away.
    groupUpdate: 'retried',
    centrifugal: { code: V2.internal, message: 'internal server error', temporary: true },
  },
} as const satisfies Record<string, ErrorAnswers>;

export type ErrorCode = keyof typeof ERROR_ANSWERS;

/** The code an error carries, when it is one the table knows; INTERNAL otherwise. */
export function errorCodeOf(error: unknown): ErrorCode {
  const code = (error as { code?: unknown } | null | undefined)?.code;
  return typeof code === 'string' && Object.hasOwn(ERROR_ANSWERS, code) ? (code as ErrorCode) : 'INTERNAL';
}

/** The error's code and how every adapter answers it. */
export function answersTo(error: unknown): { readonly code: ErrorCode } & ErrorAnswers {
  const code = errorCodeOf(error);
  return { code, ...ERROR_ANSWERS[code] };
}
