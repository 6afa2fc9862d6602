/**
 * How position-pal's browser client reads a chat frame, as its own code does (gui, `src/stores/chatStore.js`): the
 * frame's text (a binary frame's bytes as `Blob.text()` gives them: the gateway relays frames as binary) goes through
 * `JSON.parse`, then `const [type, msg] = data`. An `Information` frame becomes a notice, `[Name]: text`, from
 * `const [informationText, clientId] = msg`; any other type becomes a chat message from `msg[1]` (sender), `msg[2]`
 * (text, one leading and one trailing `"` stripped) and `msg[3]` (time, through `new Date`).
 *
 * `showAsPositionPalBrowser` says what the browser shows, and throws where it would throw or show something wrong:
 * a frame that is not an array (`data is not iterable`), a type that is neither of v1's two (shown as a bogus chat
 * message), fields missing or of the wrong kind, a time `new Date` cannot read, a notice text it does not know.
 */

export const POSITION_PAL_NOTICES = [
  'client joined the group',
  'client leaved the group',
  'client connected to the group',
  'client disconnected from the group',
] as const;

export type Notice = (typeof POSITION_PAL_NOTICES)[number];

export type Shown =
  | { readonly kind: 'notice'; readonly text: Notice; readonly clientId: string; readonly at: Date }
  | {
      readonly kind: 'message';
      readonly sender: string;
      /** As displayed: the stored content with one pair of outer quotes stripped. */
      readonly text: string;
      /** As stored and relayed, for comparing with what was sent. */
      readonly content: string;
      readonly groupId: string;
      readonly at: Date;
    };

export class UnshowableFrameError extends Error {
  constructor(frame: string, why: string) {
    super(`position-pal's browser cannot show ${JSON.stringify(frame.slice(0, 200))}: ${why}`);
    this.name = 'UnshowableFrameError';
  }
}

export function showAsPositionPalBrowser(frame: string | Buffer): Shown {
  const text = typeof frame === 'string' ? frame : new TextDecoder().decode(frame);
  let data: unknown;
  try {
    data = JSON.parse(text);
  } catch {
    throw new UnshowableFrameError(text, 'JSON.parse throws');
  }
  // A string is iterable too, and would destructure into characters: the browser shows garbage rather than throwing.
  if (!Array.isArray(data)) throw new UnshowableFrameError(text, 'data is not iterable (not an array)');
  if (data.length !== 2) throw new UnshowableFrameError(text, `an array of ${data.length} elements, not [type, fields]`);
  const [type, msg] = data as [unknown, unknown];
  if (!Array.isArray(msg)) throw new UnshowableFrameError(text, 'its fields are not an array');
  if (type === 'Information') {
    const [informationText, clientId, time] = msg as unknown[];
    if (!POSITION_PAL_NOTICES.includes(informationText as Notice)) {
      throw new UnshowableFrameError(text, `unknown notice text ${JSON.stringify(informationText)}`);
    }
    if (typeof clientId !== 'string') throw new UnshowableFrameError(text, 'the notice names no clientId');
    return { kind: 'notice', text: informationText as Notice, clientId, at: readTime(text, time) };
  }
  // Any other type is shown as a chat message: only NewMessage is one.
  if (type !== 'NewMessage') throw new UnshowableFrameError(text, `type ${JSON.stringify(type)} would be shown as a chat message`);
  const [groupId, sender, content, time] = msg as unknown[];
  if (typeof groupId !== 'string' || typeof sender !== 'string' || typeof content !== 'string') {
    throw new UnshowableFrameError(text, 'group, sender and content must be strings');
  }
  return { kind: 'message', groupId, sender, content, text: content.replace(/^"|"$/g, ''), at: readTime(text, time) };
}

function readTime(frame: string, time: unknown): Date {
  const at = new Date(time as string);
  if (typeof time !== 'string' || Number.isNaN(at.getTime())) {
    throw new UnshowableFrameError(frame, `new Date(${JSON.stringify(time)}) is not a time`);
  }
  return at;
}
