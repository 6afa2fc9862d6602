import { answersTo } from '../../error-answers';
import { Status } from '../generated/chatservice/Status';

/**
 * How position-pal's RetrieveLastMessages reports an error: inside `status`, never as a failed call, with the code of
 * the error table (error-answers.ts). An unknown or deleted group is not an error for it: position-pal answers such a
 * group with no messages. `unexpected` is true when the details belong in the log rather than in the reply.
 */
export function toPositionPalStatus(error: unknown): { readonly status: Status; readonly unexpected: boolean } {
  const { code, positionPal } = answersTo(error);
  if (code === 'INTERNAL') return { status: { code: positionPal, message: 'the messages could not be read' }, unexpected: true };
  const { message } = error as Error;
  const text =
    code === 'GROUP_NOT_FOUND' || code === 'GROUP_DELETED'
      ? `${message}: no messages`
      : code === 'STORE_UNAVAILABLE'
        ? `the event store cannot be reached: ${message}`
        : message;
  return { status: { code: positionPal, message: text }, unexpected: false };
}
