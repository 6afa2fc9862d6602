import { WebSocket } from 'ws';
import { showAsPositionPalBrowser, Shown } from './position-pal-browser';

export interface Closed {
  readonly code: number;
  readonly reason: string;
}

/** How long a test waits for a frame it expects before failing with what it got instead; a guard, not an assertion. */
const PATIENCE_MS = 15_000;

/**
 * A real `ws` client of the chat socket that records every frame in arrival order, for tests: `nextFrame` reads them
 * one by one, `waitFor` skips to the first that matches. Every frame is also read as position-pal's browser reads it
 * (position-pal-browser.ts): the first one it could not show fails whatever the test reads next, so no test passes
 * while that browser would show nothing or show something wrong.
 */
export class ChatSocketClient {
  readonly frames: string[] = [];
  readonly closed: Promise<Closed>;
  private cursor = 0;
  private wake?: () => void;
  private hasClosed = false;
  private unshowable?: Error;

  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      // As the browser does with the gateway's binary frames (Blob.text()), and with text frames alike.
      const frame = String(data);
      this.frames.push(frame);
      try {
        showAsPositionPalBrowser(frame);
      } catch (error) {
        this.unshowable ??= error as Error;
      }
      this.wake?.();
    });
    this.closed = new Promise((resolve) =>
      socket.once('close', (code, reason) => {
        this.hasClosed = true;
        resolve({ code, reason: reason.toString() });
        this.wake?.();
      }),
    );
    socket.on('error', () => {});
  }

  /** Opens `ws://.../v1/messages/{groupId}?user={user}` and resolves once the socket is open. */
  static async connect(baseUrl: string, path: string, options: { autoPong?: boolean } = {}): Promise<ChatSocketClient> {
    const client = new ChatSocketClient(new WebSocket(`${baseUrl.replace(/^http/, 'ws')}${path}`, options));
    await new Promise<void>((resolve, reject) => {
      client.socket.once('open', () => resolve());
      client.socket.once('unexpected-response', (_request, response) =>
        reject(new Error(`upgrade refused with HTTP ${response.statusCode}`)),
      );
      client.socket.once('error', reject);
    });
    return client;
  }

  /**
   * A group member's socket, once it has read its first frame, which must be `client connected to the group` about its
   * own user (position-pal's clients get that notice on every socket they open).
   */
  static async member(baseUrl: string, groupId: string, user: string, options?: { autoPong?: boolean }): Promise<ChatSocketClient> {
    const client = await ChatSocketClient.connect(baseUrl, chatPath(groupId, user), options);
    const first = v1.parse(await client.nextFrame()).shown;
    if (first.kind !== 'notice' || first.text !== 'client connected to the group' || first.clientId !== user) {
      throw new Error(`the first frame of ${user}'s socket is not its own connected notice: ${client.frames[0]}`);
    }
    return client;
  }

  send(text: string | Buffer, options?: { binary?: boolean }): void {
    this.socket.send(text, options ?? {});
  }

  /** The next frame not read yet. */
  async nextFrame(): Promise<string> {
    const frame = await this.until(() => (this.cursor < this.frames.length ? this.frames[this.cursor] : undefined), 'a frame');
    this.cursor++;
    return frame;
  }

  /** Skips to the first unread frame that matches, and reads it. */
  async waitFor(matches: (frame: string) => boolean, what: string): Promise<string> {
    const found = await this.until(() => {
      const index = this.frames.findIndex((frame, position) => position >= this.cursor && matches(frame));
      return index < 0 ? undefined : index;
    }, what);
    this.cursor = found + 1;
    return this.frames[found];
  }

  /** Reads `count` frames. */
  async nextFrames(count: number): Promise<string[]> {
    const frames: string[] = [];
    for (let i = 0; i < count; i++) frames.push(await this.nextFrame());
    return frames;
  }

  /** Frames received but not read yet. */
  unread(): string[] {
    return this.frames.slice(this.cursor);
  }

  async close(): Promise<Closed> {
    this.socket.close(1000);
    return this.closed;
  }

  private async until<T>(probe: () => T | undefined, what: string): Promise<T> {
    const deadline = Date.now() + PATIENCE_MS;
    for (;;) {
      if (this.unshowable) throw this.unshowable;
      const value = probe();
      if (value !== undefined) return value;
      if (this.hasClosed) throw new Error(`socket closed while waiting for ${what}; unread: ${this.describeUnread()}`);
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no ${what} within ${PATIENCE_MS} ms; unread: ${this.describeUnread()}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, remaining);
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
      this.wake = undefined;
    }
  }

  private describeUnread(): string {
    const unread = this.unread();
    return unread.length === 0 ? '(none)' : unread.slice(0, 5).join(' | ') + (unread.length > 5 ? ' ...' : '');
  }
}

export function chatPath(groupId: string, user: string): string {
  return `/v1/messages/${encodeURIComponent(groupId)}?user=${encodeURIComponent(user)}`;
}

/** Opens a socket the service is expected to refuse, and resolves with how it was closed. */
export async function refusal(baseUrl: string, path: string): Promise<Closed & { frames: string[] }> {
  const client = await ChatSocketClient.connect(baseUrl, path);
  const closed = await client.closed;
  return { ...closed, frames: client.frames };
}

/** The frames the v1 contract describes, as the exact text the service must send. */
export const v1 = {
  /**
   * A stored ISO-8601 instant as position-pal's Java `Instant.toString()` prints it from a millisecond clock: no
   * fraction at all on a whole second (`…T10:15:30Z`), else three digits.
   */
  instant: (iso: string) => iso.replace(/\.000Z$/, 'Z'),
  newMessage: (groupId: string, clientId: string, content: string, at: string) =>
    JSON.stringify(['NewMessage', [groupId, clientId, content, at]]),
  information: (text: string, clientId: string, at: string) => JSON.stringify(['Information', [text, clientId, at]]),
  /** The frame's type and fields, once position-pal's browser has been able to show it (it throws otherwise). */
  parse: (frame: string): { type: string; fields: unknown[]; shown: Shown } => {
    const shown = showAsPositionPalBrowser(frame);
    const [type, fields] = JSON.parse(frame) as [string, unknown[]];
    return { type, fields, shown };
  },
};

/** ISO-8601 UTC as Java's Instant.toString() prints it from a millisecond clock: milliseconds, none on a whole second. */
export const INSTANT = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d{3})?Z$/;
