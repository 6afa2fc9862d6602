import { ChatMessage } from '../../application/chat-message';

/**
 * The v1 wire format of the chat socket, exactly as position-pal's gateway and browser client read it. Every server
 * frame is a JSON array of two elements, the frame type and its fields by position: position-pal encodes its protocol
 * with borer's array-based codecs, and its browser client reads each frame as `const [type, msg] = JSON.parse(text)`.
 *
 * Only `NewMessage` and `Information` exist in v1. That browser shows every frame whose type is not `Information` as
 * a chat message, so nothing else may ever be sent on a v1 socket; richer frames belong to a newer protocol version.
 */

/** The texts of `Information` frames; the browser client shows them as `[Name]: text`, so they are part of the contract. */
export const InformationText = {
  joined: 'client joined the group',
  left: 'client leaved the group',
  connected: 'client connected to the group',
  disconnected: 'client disconnected from the group',
} as const;

export type InformationText = (typeof InformationText)[keyof typeof InformationText];

/** `["NewMessage",[groupId, clientId, content, timestamp]]`, the content exactly as it was received. */
export function encodeNewMessage(message: ChatMessage): string {
  return JSON.stringify(['NewMessage', [message.groupId, message.senderId, message.text, javaInstant(message.at)]]);
}

/** `["Information",[text, clientId, timestamp]]` */
export function encodeInformation(text: InformationText, clientId: string, at: string): string {
  return JSON.stringify(['Information', [text, clientId, javaInstant(at)]]);
}

const CANONICAL_INSTANT = /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/;

/**
 * An ISO-8601 UTC instant as Java's `Instant.toString()` prints it from a millisecond clock: `2025-03-01T10:15:30.123Z`,
 * and no fraction at all on a whole second (`2025-03-01T10:15:30Z`).
 */
export function javaInstant(at: string): string {
  // Every instant the service stamps is already in this form: no parse and print per frame.
  const iso = CANONICAL_INSTANT.test(at) ? at : new Date(at).toISOString();
  return iso.endsWith('.000Z') ? `${iso.slice(0, -5)}Z` : iso;
}
