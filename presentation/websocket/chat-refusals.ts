import { answersTo, ErrorCode } from '../error-answers';
import { CloseReason } from './close-codes';


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

/** What becomes of a message the post use case refused with `error` (the error table, error-answers.ts). */
export function refusalOfMessage(error: unknown): MessageRefusal {
  const { code, socket } = answersTo(error);
  if (socket.message !== 'dropped') return { kind: 'close', close: socket.message };
  return { kind: 'dropped', code, reason: DROPPED_REASONS[code] ?? (error as Error).message };
}

/** Said in the log instead of the error's own message, which may carry details of the store. */
const DROPPED_REASONS: Partial<Record<ErrorCode, string>> = {
  STORE_UNAVAILABLE: 'message not stored: the store is unavailable',
  CONCURRENCY_CONFLICT: 'message not stored: the group is too busy',
  INTERNAL: 'message not stored: internal error',
};

/** Frames that never reach the use case. */
export const FrameRefusal = {
  binary: { kind: 'dropped', code: 'BINARY_FRAME', reason: 'only text frames carry messages' },
} as const satisfies Record<string, MessageRefusal>;
