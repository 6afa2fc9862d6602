import { EmptyMessageError } from '../domain/group/group.errors';

/**
 * Characters that show nothing: white space, format characters (zero-width space, joiners, the byte-order mark, bidi
 * controls), control characters, and the Hangul and Braille blanks some clients use to post "nothing".
 */
const INVISIBLE = /^[\s\p{Cf}\p{Cc}\p{Zs}\u115F\u1160\u3164\uFFA0\u2800]*$/u;

/** A text with a NUL in it: stored, it would cut short what C-based readers of logs and exports see. */
export class ForbiddenCharacterError extends Error {
  readonly code = 'FORBIDDEN_CHARACTER';
  constructor() {
    super('message text contains a NUL character');
    this.name = 'ForbiddenCharacterError';
  }
}

/**
 * The rule of the interfaces this service defines (HTTP, gRPC chat.v1, the client protocol v2): a message shows
 * something, and holds no NUL. v1 (position-pal's frames) keeps its content exactly as received, as its contract says.
 */
export function requireVisibleText(text: string): string {
  if (text.includes('\u0000')) throw new ForbiddenCharacterError();
  if (INVISIBLE.test(text)) throw new EmptyMessageError();
  return text;
}
