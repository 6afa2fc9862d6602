// position-pal reads number_of_messages with Scala's `.toInt` (Java's Integer.parseInt). This is the subset of what
// that accepts which a caller can mean: Java also takes non-ASCII Unicode digits ('١٢'), which no client sends on
// purpose and which would make two strings that look different name the same count.
const INT32_TEXT = /^[+-]?[0-9]+$/;
const INT32_MIN = -2_147_483_648;
const INT32_MAX = 2_147_483_647;
const QUOTED_CHARACTERS = 32;

/** A `number_of_messages` that Integer.parseInt would not read as an int, or that uses other than ASCII digits. */
export class BadCountError extends Error {
  readonly code = 'INVALID_COUNT';
  constructor(readonly given: string) {
    super(
      `number_of_messages must be a whole number from ${INT32_MIN} to ${INT32_MAX}: an optional + or -, then ASCII ` +
        `digits 0-9, no spaces; got ${quoteStart(given)}`,
    );
    this.name = 'BadCountError';
  }
}

/**
 * The count in `text`, an int32. Zero and negative counts are valid and ask for no messages, as position-pal's
 * `takeRight(n)` answers them.
 */
export function parseMessageCount(text: string): number {
  if (!INT32_TEXT.test(text)) throw new BadCountError(text);
  // Exact for every int32; a longer run of digits only rounds further away from the range, never into it.
  const count = Number(text);
  if (count < INT32_MIN || count > INT32_MAX) throw new BadCountError(text);
  // "-0" and "+0" are plain zero, not JavaScript's negative zero.
  return count === 0 ? 0 : count;
}

/** The start of a caller's text, JSON-quoted: enough to recognise it, never the whole of an unbounded input. */
function quoteStart(text: string): string {
  let start = '';
  let characters = 0;
  // By code point, so that a surrogate pair is never cut in half.
  for (const character of text) {
    if (characters === QUOTED_CHARACTERS) return `${JSON.stringify(start)}… (cut at ${QUOTED_CHARACTERS} characters)`;
    start += character;
    characters += 1;
  }
  return JSON.stringify(text);
}
