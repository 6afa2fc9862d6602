import { ConcurrencyError, EventStoreUnavailableError } from '../../application/ports/event-store.port';
import {
  GroupDeletedError,
  GroupNotFoundError,
  GroupRuleViolation,
  NotAMemberError,
} from '../../domain/group/group.errors';
import { CloseCode, CloseReason } from './close-codes';

export const Closing = {
  notAMember: { code: CloseCode.notAMember, reason: 'not a member of the group' },
  removed: { code: CloseCode.notAMember, reason: 'removed from the group' },
  unknownGroup: { code: CloseCode.unknownGroup, reason: 'unknown group: no group has this id' },
  groupDeleted: { code: CloseCode.groupDeleted, reason: 'group deleted' },
  unavailable: { code: CloseCode.unavailable, reason: 'chat store unavailable: try again later' },
  internalError: { code: CloseCode.internalError, reason: 'internal error' },
  shuttingDown: { code: CloseCode.goingAway, reason: 'service shutting down' },
  slowReader: (maxBufferedBytes: number): CloseReason => ({
    code: CloseCode.slowReader,
    reason: `too slow: more than ${maxBufferedBytes} bytes waiting to be sent`,
  }),
} satisfies Record<string, CloseReason | ((...args: never[]) => CloseReason)>;

/** Why a connection attempt is refused, from what the connect use case threw. */
export function refusalOfConnection(error: unknown): CloseReason {
  if (error instanceof NotAMemberError) return Closing.notAMember;
  if (error instanceof GroupNotFoundError) return Closing.unknownGroup;
  if (error instanceof GroupDeletedError) return Closing.groupDeleted;
  if (error instanceof EventStoreUnavailableError) return Closing.unavailable;
  return Closing.internalError;
}

/**
 * What becomes of a message that was not stored. A v1 client is sent no frame for it: position-pal's browser would
 * show any frame but `Information` as a chat message, and learns that its message was stored from the `NewMessage`
 * echo, which a refused message never gets. The refusal is counted and logged instead.
 */
export type MessageRefusal =
  /** The message is refused, the socket stays open. */
  | { readonly kind: 'dropped'; readonly code: string; readonly reason: string }
  /** The socket can no longer post at all (removed, group deleted): it is closed. */
  | { readonly kind: 'close'; readonly close: CloseReason };

export function refusalOfMessage(error: unknown): MessageRefusal {
  if (error instanceof NotAMemberError) return { kind: 'close', close: Closing.removed };
  if (error instanceof GroupDeletedError) return { kind: 'close', close: Closing.groupDeleted };
  if (error instanceof GroupNotFoundError) return { kind: 'close', close: Closing.unknownGroup };
  // Empty or too long: the domain's message says which, and the limit.
  if (error instanceof GroupRuleViolation) return { kind: 'dropped', code: error.code, reason: error.message };
  if (error instanceof EventStoreUnavailableError) {
    return { kind: 'dropped', code: 'STORE_UNAVAILABLE', reason: 'message not stored: the store is unavailable' };
  }
  if (error instanceof ConcurrencyError) {
    return { kind: 'dropped', code: 'BUSY', reason: 'message not stored: the group is too busy' };
  }
  return { kind: 'dropped', code: 'INTERNAL_ERROR', reason: 'message not stored: internal error' };
}

/** Frames that never reach the use case. */
export const FrameRefusal = {
  binary: { kind: 'dropped', code: 'BINARY_FRAME', reason: 'only text frames carry messages' },
} as const satisfies Record<string, MessageRefusal>;
