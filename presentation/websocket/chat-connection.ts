import { performance } from 'node:perf_hooks';
import { RawData, WebSocket } from 'ws';
import { Closing } from './chat-refusals';
import { CloseReason } from './close-codes';
import { TokenBucket } from './token-bucket';

export interface ConnectionLimits {
  /** Outbound bytes a socket may leave unsent; past this its reader is too slow and it is closed. */
  readonly maxBufferedBytes: number;
  /** Inbound frames handled per second, sustained; more are not refused but read later. */
  readonly messagesPerSecond: number;
  /** Inbound frames handled at once before the rate applies. */
  readonly messageBurst: number;
}

/** What a connection receives from its client, once accepted. */
export interface InboundHandler {
  text(text: string): void;
  binary(): void;
}

/**
 * One chat socket: its place in the connection lifecycle (connecting, open, ended) and its limits. It knows nothing
 * of groups or use cases; the gateway decides what frames mean.
 */
export class ChatConnection {
  private state: 'connecting' | 'open' | 'ended' = 'connecting';
  private alive = true;
  private handler?: InboundHandler;
  private readonly inbox: { readonly data: RawData; readonly isBinary: boolean }[] = [];
  private readonly bucket: TokenBucket;
  private resumeTimer?: NodeJS.Timeout;
  private readonly endListeners: (() => void)[] = [];
  /** Settles when the underlying socket has closed (handshake done, or destroyed by the close timeout). */
  readonly closed: Promise<void>;

  constructor(
    private readonly socket: WebSocket,
    readonly id: string,
    readonly groupId: string,
    readonly userId: string,
    private readonly limits: ConnectionLimits,
  ) {
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, performance.now());
    // Nothing the client sends is read before the membership check has accepted it.
    socket.pause();
    socket.on('message', (data, isBinary) => {
      if (this.state === 'ended') return;
      this.inbox.push({ data, isBinary });
      this.pump();
    });
    socket.on('pong', () => (this.alive = true));
    // Protocol errors (an oversized frame, invalid UTF-8) are answered by `ws` with a close frame; without a listener
    // the error event would crash the process.
    socket.on('error', () => {});
    this.closed = new Promise((resolve) => socket.once('close', () => resolve()));
    void this.closed.then(() => this.end());
  }

  get isOpen(): boolean {
    return this.state === 'open';
  }

  get hasEnded(): boolean {
    return this.state === 'ended';
  }

  /** Called once, when the connection has ended for whatever reason (client close, refusal, dead peer, shutdown). */
  onEnd(listener: () => void): void {
    if (this.state === 'ended') listener();
    else this.endListeners.push(listener);
  }

  /** Accepted: from now on frames reach `handler`, at the allowed rate. */
  open(handler: InboundHandler): void {
    if (this.state !== 'connecting') return;
    this.state = 'open';
    this.handler = handler;
    this.socket.resume();
    this.pump();
  }

  /**
   * Sends a text frame already encoded as UTF-8 (encoded once per event, written to every recipient). A socket whose
   * client does not read is closed rather than allowed to grow the service's memory: memory per socket stays below
   * the limit plus one frame.
   */
  send(frame: Buffer): void {
    if (this.state !== 'open' || this.socket.readyState !== WebSocket.OPEN) return;
    if (this.socket.bufferedAmount > this.limits.maxBufferedBytes) {
      this.close(Closing.slowReader(this.limits.maxBufferedBytes));
      return;
    }
    this.socket.send(frame, { binary: false });
  }

  /**
   * Closes with a code and a reason. The connection counts as ended at once (it gets no more frames and leaves its
   * group), though the socket lingers until the client answers or the server's close timeout destroys it.
   */
  close({ code, reason }: CloseReason): void {
    if (this.state === 'ended') return;
    if (this.socket.readyState === WebSocket.OPEN) this.socket.close(code, reason);
    // Reading must go on (it may be paused by the membership check or the rate limit) for the client's close frame
    // to complete the handshake; frames that still arrive are ignored.
    this.socket.resume();
    this.end();
  }

  /**
   * Keepalive, called every ping interval: a peer that has not answered the previous ping is dropped without a close
   * frame (it would not read one), else it is pinged again. Returns whether it is still there.
   */
  checkAlive(): boolean {
    if (this.state === 'ended') return false;
    // While reading is paused (rate limit, membership check) its pong cannot be read: that is no sign of death.
    if (this.socket.isPaused) {
      this.alive = true;
      return true;
    }
    if (!this.alive) {
      this.socket.terminate();
      this.end();
      return false;
    }
    this.alive = false;
    this.socket.ping();
    return true;
  }

  private pump(): void {
    while (this.state === 'open' && this.inbox.length > 0) {
      const now = performance.now();
      if (!this.bucket.tryTake(now)) {
        // Over the rate: stop reading, so that TCP slows the sender down; nothing is dropped.
        this.socket.pause();
        this.resumeTimer ??= setTimeout(() => {
          this.resumeTimer = undefined;
          if (this.state !== 'open') return;
          this.socket.resume();
          this.pump();
        }, this.bucket.waitMs(now));
        return;
      }
      const { data, isBinary } = this.inbox.shift()!;
      if (isBinary) this.handler!.binary();
      else this.handler!.text(textOf(data));
    }
  }

  private end(): void {
    if (this.state === 'ended') return;
    this.state = 'ended';
    this.inbox.length = 0;
    clearTimeout(this.resumeTimer);
    for (const listener of this.endListeners.splice(0)) listener();
  }
}

function textOf(data: RawData): string {
  if (Buffer.isBuffer(data)) return data.toString('utf8');
  if (Array.isArray(data)) return Buffer.concat(data).toString('utf8');
  return Buffer.from(data).toString('utf8');
}
