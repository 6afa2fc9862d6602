import { ChatMessage } from '../../application/chat-message';

/**
 * The v1 wire format of the chat socket, exactly as position-pal's gateway and browser client expect it: every server
 * frame is a JSON object with one key, the frame type, whose value is an array. A richer protocol version would get
 * its own codec beside this one, chosen by path, so that v1 clients never see a change.
 */

/** The texts of `Information` frames; the browser client shows them as `[Name]: text`, so they are part of the contract. */
export const InformationText = {
  joined: 'client joined the group',
  left: 'client leaved the group',
  connected: 'client connected to the group',
  disconnected: 'client disconnected from the group',
} as const;

export type InformationText = (typeof InformationText)[keyof typeof InformationText];

/** `{"NewMessage":[groupId, clientId, content, timestamp]}` */
export function encodeNewMessage(message: ChatMessage): string {
  return JSON.stringify({ NewMessage: [message.groupId, message.senderId, message.text, toInstant(message.at)] });
}

/** `{"Information":[text, clientId, timestamp]}` */
export function encodeInformation(text: InformationText, clientId: string, at: string): string {
  return JSON.stringify({ Information: [text, clientId, toInstant(at)] });
}

/**
 * `{"Error":[code, reason, timestamp]}`: our addition, for a frame the service refused without closing the socket.
 * Same single-key shape, so a v1 client that dispatches on the key ignores it.
 */
export function encodeError(code: string, reason: string, at: string): string {
  return JSON.stringify({ Error: [code, reason, toInstant(at)] });
}

/**
 * An ISO-8601 UTC instant with milliseconds, as Java's `Instant.toString()` prints it (`2025-03-01T10:15:30.123Z`);
 * Java's `Instant.parse` reads it back even when the milliseconds are zero.
 */
function toInstant(at: string): string {
  return new Date(at).toISOString();
}
