import { performance } from 'node:perf_hooks';
import { Duplex } from 'node:stream';
import { RawData, WebSocket } from 'ws';
import { Closing, CloseReason } from './close-codes';
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
 * One chat connection: its place in the lifecycle and its limits. It exists from the upgrade request on, while the
 * membership check runs (connecting, no socket yet), then holds the accepted socket (open), until it ends. It knows
 * nothing of groups or use cases; the gateway decides what frames mean.
 */
export class ChatConnection {
  private state: 'connecting' | 'open' | 'ended' = 'connecting';
  private socket?: WebSocket;
  /** The TCP socket under `socket`: the one the room's frames are written to, and whose queue shows a slow reader. */
  private transport?: Duplex;
  private alive = true;
  private handler?: InboundHandler;
  private readonly inbox: { readonly data: RawData; readonly isBinary: boolean }[] = [];
  private readonly bucket: TokenBucket;
  private resumeTimer?: NodeJS.Timeout;
  private readonly endListeners: (() => void)[] = [];
  private settleClosed!: () => void;
  /** Why it was closed while still connecting: the client is told once its socket exists. */
  private refusal?: CloseReason;
  /** Why the service closed it, if the service did. */
  private closeReason?: CloseReason;
  /** Settles when the socket has closed (handshake done, or destroyed by the close timeout), or there never was one. */
  readonly closed = new Promise<void>((resolve) => (this.settleClosed = resolve));

  constructor(
    readonly id: string,
    readonly groupId: string,
    readonly userId: string,
    private readonly limits: ConnectionLimits,
  ) {
    this.bucket = new TokenBucket(limits.messagesPerSecond, limits.messageBurst, performance.now());
  }

  get hasEnded(): boolean {
    return this.state === 'ended';
  }

  /** Why the connection was closed before it had a socket, if it was. */
  get refusedWith(): CloseReason | undefined {
    return this.refusal;
  }

  /** Why the service closed the connection; undefined when the client or the network ended it. */
  get closedWith(): CloseReason | undefined {
    return this.closeReason;
  }

  /** Called once, when the connection has ended for whatever reason (client close, refusal, dead peer, shutdown). */
  onEnd(listener: () => void): void {
    if (this.state === 'ended') listener();
    else this.endListeners.push(listener);
  }

  /** Accepted, with its socket (and the TCP socket under it): from now on frames reach `handler`, at the allowed rate. */
  open(socket: WebSocket, transport: Duplex, handler: InboundHandler): void {
    if (this.state !== 'connecting') throw new Error(`connection ${this.id} cannot open: it is ${this.state}`);
    this.state = 'open';
    this.socket = socket;
    this.transport = transport;
    this.handler = handler;
    socket.on('message', (data, isBinary) => {
      if (this.state !== 'open') return;
      this.inbox.push({ data, isBinary });
      this.pump();
    });
    socket.on('pong', () => (this.alive = true));
    // Protocol errors (an oversized frame, invalid UTF-8) are answered by `ws` with a close frame; without a listener
    // the error event would crash the process.
    socket.on('error', () => {});
    socket.once('close', () => {
      this.end();
      this.settleClosed();
    });
  }

  /** The client went away before it was accepted. */
  abandon(): void {
    if (this.state !== 'connecting') return;
    this.end();
    this.settleClosed();
  }

  /**
   * Sends complete text frames (see textFrame: built once per event, written to every recipient; several frames of a
   * burst come as one buffer) straight to the TCP socket; `ws` owns the socket for everything else, and its own
   * frames go through the same stream, whole, so they never interleave with these. A socket whose client does not
   * read is closed rather than allowed to grow the service's memory: memory per socket stays below the limit plus
   * one burst.
   */
  send(frames: Buffer): void {
    const socket = this.socket;
    const transport = this.transport;
    // Not after a close frame: once `ws` starts closing, its state leaves OPEN before the close frame is written.
    if (this.state !== 'open' || socket?.readyState !== WebSocket.OPEN || !transport) return;
    // The TCP socket's queue is what a slow reader grows: our frames and `ws`'s own all wait there.
    if (transport.writableLength > this.limits.maxBufferedBytes) {
      this.close(Closing.slowReader(this.limits.maxBufferedBytes));
      return;
    }
    transport.write(frames);
  }

  /**
   * Closes with a code and a reason. The connection counts as ended at once (it gets no more frames and leaves its
   * group), though the socket lingers until the client answers or the server's close timeout destroys it. Closed
   * while connecting, the reason is kept for the gateway to tell the client.
   */
  close(reason: CloseReason): void {
    if (this.state === 'ended') return;
    this.closeReason = reason;
    if (this.state === 'connecting') {
      this.refusal = reason;
      this.end();
      this.settleClosed();
      return;
    }
    const socket = this.socket!;
    if (socket.readyState === WebSocket.OPEN) socket.close(reason.code, reason.reason);
    // Reading must go on (it may be paused by the rate limit) for the client's close frame to complete the
    // handshake; frames that still arrive are ignored.
    socket.resume();
    this.end();
  }

  /**
   * Keepalive, called every ping interval: a peer that has not answered the previous ping is dropped without a close
   * frame (it would not read one), else it is pinged again.
   */
  checkAlive(): void {
    const socket = this.socket;
    if (this.state !== 'open' || !socket) return;
    // While reading is paused by the rate limit its pong cannot be read: that is no sign of death.
    if (socket.isPaused) {
      this.alive = true;
      return;
    }
    if (!this.alive) {
      socket.terminate();
      this.end();
      return;
    }
    this.alive = false;
    socket.ping();
  }

  private pump(): void {
    const socket = this.socket!;
    while (this.state === 'open' && this.inbox.length > 0) {
      const now = performance.now();
      if (!this.bucket.tryTake(now)) {
        // Over the rate: stop reading, so that TCP slows the sender down; nothing is dropped.
        socket.pause();
        this.resumeTimer ??= setTimeout(() => {
          this.resumeTimer = undefined;
          if (this.state !== 'open') return;
          socket.resume();
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
