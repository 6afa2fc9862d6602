import { CloseCode, CloseReason } from './close-codes';

export const CHAT_PATH_PREFIX = '/v1/messages';

export type ChatPath =
  | { readonly kind: 'chat'; readonly groupId: string; readonly userId: string }
  /** Aimed at the chat endpoint but unusable: the socket is accepted, then closed with this reason. */
  | { readonly kind: 'refused'; readonly refusal: CloseReason }
  /** Not the chat endpoint at all: the upgrade is answered with HTTP 404. */
  | { readonly kind: 'elsewhere' };

/** Reads `/v1/messages/{groupId}?user={clientId}` from an upgrade request's URL. */
export function parseChatPath(requestUrl: string): ChatPath {
  let url: URL;
  try {
    url = new URL(requestUrl, 'ws://localhost');
  } catch {
    return { kind: 'elsewhere' };
  }
  const { pathname } = url;
  if (pathname !== CHAT_PATH_PREFIX && !pathname.startsWith(`${CHAT_PATH_PREFIX}/`)) return { kind: 'elsewhere' };

  const segments = pathname.slice(CHAT_PATH_PREFIX.length + 1).split('/');
  const groupId = segments.length === 1 ? decode(segments[0]) : undefined;
  if (groupId === undefined || groupId.trim() === '') {
    return refused(CloseCode.malformedPath, 'malformed path: expected /v1/messages/{groupId}?user={clientId}');
  }
  const users = url.searchParams.getAll('user');
  if (users.length !== 1 || users[0].trim() === '') {
    return refused(CloseCode.missingUser, 'missing user: expected exactly one ?user={clientId}');
  }
  return { kind: 'chat', groupId, userId: users[0] };
}

function decode(segment: string): string | undefined {
  try {
    return decodeURIComponent(segment);
  } catch {
    return undefined;
  }
}

function refused(code: CloseCode, reason: string): ChatPath {
  return { kind: 'refused', refusal: { code, reason } };
}
