import { performance } from 'node:perf_hooks';
import { UnrecoverablePositionError } from '../../application/application.errors';
import { GroupMessageStream, StreamPosition } from '../../application/group-message-stream';
import { ConnectionAuthenticator } from '../../application/ports/connection-authenticator.port';
import { PresenceRegistry } from '../../application/ports/presence.port';
import { ConnectMemberUseCase } from '../../application/use-cases/connect-member.use-case';
import { DisconnectMemberUseCase } from '../../application/use-cases/disconnect-member.use-case';
import { PostMessageUseCase } from '../../application/use-cases/post-message.use-case';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { answersTo } from '../error-answers';
import { requireVisibleText } from '../visible-text';
import { TokenBucket } from '../websocket/token-bucket';
import { ChannelRoom } from './channel-room';
import { ChannelSubscription, SubscriptionOwner } from './channel-subscription';
import { BadRequestError, Command, ReaderLimits, readCommands, SubscribeRequest } from './command-reader';
import { DisconnectReason, Disconnects, ErrorCode, ProtocolError, SubscriptionFlag } from './protocol';
import { toPublication, unsubscribePush } from './pushes';

/** The commands answered with a result, by the name the reply carries it under. */
type ReplyMethod = 'connect' | 'refresh' | 'subscribe' | 'unsubscribe' | 'publish' | 'history' | 'presence' | 'presence_stats' | 'ping';

/** How long past its token's expiry a connection that did not refresh is ended (3005). */
export const EXPIRY_GRACE_MS = 5000;

export interface ClientProtocolUseCases {
  readonly authenticator: ConnectionAuthenticator;
  readonly connect: ConnectMemberUseCase;
  readonly disconnect: DisconnectMemberUseCase;
  readonly post: PostMessageUseCase;
  readonly stream: GroupMessageStream;
  readonly presence: PresenceRegistry;
}

export interface SessionLimits extends ReaderLimits {
  /** Outbound bytes a client may leave unread before it counts as too slow and is disconnected (3008). */
  readonly maxBufferedBytes: number;
  /** Publishes per second, sustained, and at once: more are answered "too many requests" (111). */
  readonly publishesPerSecond: number;
  readonly publishBurst: number;
  readonly maxSubscriptions: number;
  /** How often the server pings (an empty reply); the client answers with an empty command. */
  readonly pingIntervalMs: number;
}

/** The session's view of its transport: the gateway owns the socket. */
export interface SessionTransport {
  /** A reply (or the server's ping), as one text frame. */
  send(text: string): void;
  /**
   * A push that is already a complete WebSocket frame, written as it is. `replyMayFollow`: this client has a publish
   * under way, whose reply the same stored batch settles a few microtasks later; the two should leave in one write.
   */
  sendFrame(frame: Buffer, replyMayFollow: boolean): void;
  bufferedBytes(): number;
  close(reason: DisconnectReason): void;
}

export interface SessionContext {
  readonly useCases: ClientProtocolUseCases;
  readonly limits: SessionLimits;
  /** Puts the subscription in its channel's room (made on first use), and returns the room. */
  join(subscription: ChannelSubscription): ChannelRoom;
  leave(subscription: ChannelSubscription): void;
  /** Told of what went wrong on the service's side (never of a client's mistake), for the log. */
  onFailure(error: unknown, context: { readonly command: string }): void;
  /** Told of every publish that was not stored, by why (the error table's code, or TOO_MANY_REQUESTS), for metrics. */
  onRefused(code: string): void;
}

/**
 * One client protocol connection: connect first (its token says who it is), then subscribe, publish, history and
 * presence, each command answered under its id. Subscriptions are to groups the user is a member of; the rooms feed
 * them. The session never trusts what it reads: the reader bounds and checks every command first.
 */
export class ClientSession implements SubscriptionOwner {
  private state: 'handshake' | 'connecting' | 'connected' | 'ended' = 'handshake';
  private userId?: UserId;
  private readonly subscriptions = new Map<GroupId, ChannelSubscription>();
  /** Commands that arrived while the connect command was being answered. */
  private waiting: Command[] = [];
  private expiryTimer?: NodeJS.Timeout;
  private alive = true;
  /** Publishes of this client stored or being stored, not yet answered. */
  private publishing = 0;
  private readonly bucket: TokenBucket;

  constructor(
    readonly id: string,
    private readonly transport: SessionTransport,
    private readonly context: SessionContext,
  ) {
    const { publishesPerSecond, publishBurst } = context.limits;
    this.bucket = new TokenBucket(publishesPerSecond, publishBurst, performance.now());
  }

  get connected(): boolean {
    return this.state === 'connected';
  }

  get hasEnded(): boolean {
    return this.state === 'ended';
  }

  /** Subscriptions open on this session. */
  get subscriptionCount(): number {
    return this.subscriptions.size;
  }

  /** A text frame from the client: one or more commands, one per line. */
  receive(frame: string): void {
    if (this.state === 'ended') return;
    let commands: Command[];
    try {
      commands = readCommands(frame, this.context.limits);
    } catch (error) {
      if (error instanceof BadRequestError) return this.end({ code: Disconnects.badRequest.code, reason: `bad request: ${error.message}`.slice(0, 120) });
      throw error;
    }
    for (const command of commands) {
      // A command before this one may have ended the session.
      if (this.hasEnded) return;
      if (this.state === 'connecting') this.waiting.push(command);
      else this.handle(command);
    }
  }

  /** The server's ping: an empty reply. A client that did not answer the previous one is gone (3012). */
  ping(): void {
    if (this.state !== 'connected') return;
    if (!this.alive) return this.end(Disconnects.noPong);
    this.alive = false;
    this.write('{}');
  }

  /** Ends the session, as the server: every subscription closes, and the client is told why. */
  end(reason: DisconnectReason): void {
    if (this.state === 'ended') return;
    this.release();
    this.transport.close(reason);
  }

  /** The client went away: what it held is let go. */
  closedByClient(): void {
    if (this.state !== 'ended') this.release();
  }

  write(text: string): void {
    if (this.tooSlow()) return;
    this.transport.send(text);
  }

  writeFrame(frame: Buffer): void {
    if (this.tooSlow()) return;
    this.transport.sendFrame(frame, this.publishing > 0);
  }

  /** Ended, or ended now because its client leaves more unread than the limit. */
  private tooSlow(): boolean {
    if (this.state === 'ended') return true;
    if (this.transport.bufferedBytes() <= this.context.limits.maxBufferedBytes) return false;
    this.end(Disconnects.slow);
    return true;
  }

  unsubscribedByServer(subscription: ChannelSubscription, unsubscribe: { code: number; reason: string }): void {
    if (this.subscriptions.get(subscription.channel) !== subscription) return;
    this.write(unsubscribePush(subscription.channel, unsubscribe));
    // A removed member leaves without a leave for the others from presence: they were told by the removal itself.
    this.drop(subscription, { announce: false });
  }

  private handle(command: Command): void {
    if (command.kind === 'pong') {
      this.alive = true;
      return;
    }
    if (command.kind === 'ignored') return;
    if (this.state === 'handshake') {
      if (command.kind !== 'connect') return this.end({ code: Disconnects.badRequest.code, reason: 'bad request: connect first' });
      this.state = 'connecting';
      void this.connect(command.id, command.token, command.data);
      return;
    }
    if (command.kind === 'connect') return this.end({ code: Disconnects.badRequest.code, reason: 'bad request: already connected' });
    void this.answer(command);
  }

  private async connect(id: number, token: string | undefined, data: unknown): Promise<void> {
    try {
      const user = await this.context.useCases.authenticator.authenticate({ token, data });
      if (this.state !== 'connecting') return;
      this.userId = user.userId;
      this.state = 'connected';
      this.reply(id, 'connect', { client: this.id, ping: Math.round(this.context.limits.pingIntervalMs / 1000), pong: true, ...this.expiry(user.expiresAt) });
      const waiting = this.waiting;
      this.waiting = [];
      for (const command of waiting) if (this.state === 'connected') this.handle(command);
    } catch (error) {
      if (this.state !== 'connecting') return;
      this.state = 'handshake';
      this.waiting = [];
      this.refuseCredentials(id, error, 'connect');
    }
  }

  /** An expired token is answered (the SDK fetches a new one); a bad one ends the connection: trying again cannot help. */
  private refuseCredentials(id: number, error: unknown, command: string): void {
    const { code, centrifugal } = answersTo(error);
    if (code === 'TOKEN_EXPIRED') return this.replyError(id, centrifugal);
    if (code === 'INVALID_TOKEN') return this.end({ code: Disconnects.invalidToken.code, reason: shortReason(error) });
    this.context.onFailure(error, { command });
    this.end(Disconnects.internal);
  }

  /**
   * `expires` and `ttl` of a connect or refresh reply, and the timer that ends the connection once its token expired.
   * The SDK refreshes when `ttl` runs out, so it is told a second early, and the connection ends `EXPIRY_GRACE_MS`
   * after the token: a refresh on its way is never cut off by the clock of the trip.
   */
  private expiry(expiresAt: Date | undefined): { expires?: true; ttl?: number } {
    clearTimeout(this.expiryTimer);
    if (!expiresAt) return {};
    const remainingMs = Math.max(0, expiresAt.getTime() - Date.now());
    this.expiryTimer = setTimeout(() => this.end(Disconnects.expired), remainingMs + EXPIRY_GRACE_MS);
    this.expiryTimer.unref();
    return { expires: true, ttl: Math.max(1, Math.floor(remainingMs / 1000) - 1) };
  }

  private async answer(command: Exclude<Command, { kind: 'connect' | 'pong' | 'ignored' }>): Promise<void> {
    try {
      switch (command.kind) {
        case 'refresh':
          return await this.refresh(command.id, command.token);
        case 'subscribe':
          return await this.subscribe(command.id, command.request);
        case 'unsubscribe':
          return this.unsubscribe(command.id, command.channel);
        case 'publish':
          return await this.publish(command.id, command.channel, command.data);
        case 'history': {
          const page = await this.context.useCases.stream.page(command.channel, this.user, command);
          return this.reply(command.id, 'history', { publications: page.messages.map(toPublication), ...position(page.position) });
        }
        case 'presence': {
          const online = await this.presenceOf(command.channel);
          const presence = Object.fromEntries(online.map(({ userId }) => [userId, { user: userId, client: userId }]));
          return this.reply(command.id, 'presence', { presence });
        }
        case 'presence_stats': {
          const online = await this.presenceOf(command.channel);
          const clients = online.reduce((sum, { connections }) => sum + connections, 0);
          return this.reply(command.id, 'presence_stats', { num_clients: clients, num_users: online.length });
        }
        case 'ping':
          return this.reply(command.id, 'ping', {});
        case 'unsupported':
          return this.replyError(command.id, { code: ErrorCode.methodNotFound, message: 'method not found' });
      }
    } catch (error) {
      const { code, centrifugal } = answersTo(error);
      if (code === 'INTERNAL' || code === 'STORE_UNAVAILABLE') this.context.onFailure(error, { command: command.kind });
      if (command.kind === 'publish') this.context.onRefused(code);
      this.replyError(command.id, centrifugal);
    }
  }

  private async refresh(id: number, token: string): Promise<void> {
    let user;
    try {
      user = await this.context.useCases.authenticator.authenticate({ token });
    } catch (error) {
      return this.refuseCredentials(id, error, 'refresh');
    }
    if (user.userId !== this.userId) return this.end({ code: Disconnects.invalidToken.code, reason: 'invalid token: another user' });
    this.reply(id, 'refresh', { client: this.id, ...this.expiry(user.expiresAt) });
  }

  private async subscribe(id: number, request: SubscribeRequest): Promise<void> {
    const { channel } = request;
    if (this.subscriptions.has(channel)) return this.replyError(id, { code: ErrorCode.alreadySubscribed, message: 'already subscribed' });
    if (this.subscriptions.size >= this.context.limits.maxSubscriptions) {
      return this.replyError(id, { code: ErrorCode.limitExceeded, message: `limit exceeded: at most ${this.context.limits.maxSubscriptions} subscriptions` });
    }
    const userId = this.user;
    const subscription = new ChannelSubscription(this, channel, userId, request.joinLeave);
    this.subscriptions.set(channel, subscription);
    const room = this.context.join(subscription);
    try {
      // Live first: everything stored after this reaches the subscription, held until the reply is written.
      await room.ready;
      await this.context.useCases.connect.execute(this.member(subscription));
      subscription.registered = true;
      // Left (closed, unsubscribed) while the check ran: its release ran before it was registered, so undo it here.
      if (subscription.ended) return this.unregister(subscription, { announce: true });
      const { stream } = this.context.useCases;
      const recovery = request.recover ? await stream.recover(channel, userId, request) : undefined;
      const top = recovery?.position ?? (await stream.position(channel, userId));
      if (recovery && !recovery.recovered && (request.flag & SubscriptionFlag.rejectUnrecovered) !== 0) {
        throw new UnrecoverablePositionError('too far behind, or another stream');
      }
      if (subscription.ended) return this.unregister(subscription, { announce: true });
      this.reply(id, 'subscribe', {
        // Every group is recoverable, from the store, whether the client asked or not.
        recoverable: true,
        ...position(top),
        ...(recovery && { was_recovering: true, recovered: recovery.recovered, publications: recovery.messages.map(toPublication) }),
      });
      subscription.activate(top.offset);
    } catch (error) {
      if (this.subscriptions.get(channel) === subscription) this.drop(subscription, { announce: true });
      throw error;
    }
  }

  private unsubscribe(id: number, channel: GroupId): void {
    const subscription = this.subscriptions.get(channel);
    if (subscription) this.drop(subscription, { announce: true });
    this.reply(id, 'unsubscribe', {});
  }

  private async publish(id: number, channel: GroupId, data: unknown): Promise<void> {
    const message = chatMessageOf(data);
    if (!message) {
      this.context.onRefused('BAD_PUBLISH_DATA');
      return this.replyError(id, { code: ErrorCode.badRequest, message: 'bad request: data must be {"text": string, "clientMessageId"?: string}' });
    }
    if (!this.bucket.tryTake(performance.now())) {
      this.context.onRefused('TOO_MANY_REQUESTS');
      return this.replyError(id, { code: ErrorCode.tooManyRequests, message: 'too many requests' });
    }
    // Answered once stored: a publish reply means the message is durable, and a resent clientMessageId is stored once.
    this.publishing++;
    try {
      await this.context.useCases.post.execute(
        { groupId: channel, senderId: this.user, text: requireVisibleText(message.text), clientMessageId: message.clientMessageId },
        { correlationId: this.id },
      );
    } finally {
      this.publishing--;
    }
    this.reply(id, 'publish', {});
  }

  private async presenceOf(channel: GroupId) {
    await this.context.useCases.stream.position(channel, this.user);
    return this.context.useCases.presence.presenceIn(channel);
  }

  private drop(subscription: ChannelSubscription, { announce }: { announce: boolean }): void {
    subscription.end();
    if (this.subscriptions.get(subscription.channel) === subscription) this.subscriptions.delete(subscription.channel);
    this.context.leave(subscription);
    this.unregister(subscription, { announce });
  }

  /** Takes the subscription out of presence, once, if it was counted there. */
  private unregister(subscription: ChannelSubscription, { announce }: { announce: boolean }): void {
    if (!subscription.registered) return;
    subscription.registered = false;
    this.context.useCases.disconnect
      .execute(this.member(subscription), { announce })
      .catch((error: unknown) => this.context.onFailure(error, { command: 'unsubscribe' }));
  }

  private release(): void {
    this.state = 'ended';
    clearTimeout(this.expiryTimer);
    this.waiting = [];
    for (const subscription of [...this.subscriptions.values()]) this.drop(subscription, { announce: true });
  }

  private member(subscription: ChannelSubscription) {
    return { groupId: subscription.channel, userId: subscription.userId, connectionId: `${this.id}/${subscription.channel}` };
  }

  private get user(): UserId {
    if (this.userId === undefined) throw new Error('no user before connect');
    return this.userId;
  }

  /**
   * `{"id":…,"method":{…}}`, joined as text: the id is a checked whole number and the method one of ours, and an
   * object with a computed key would cost a hidden-class lookup on every publish.
   */
  private reply(id: number, method: ReplyMethod, result: object): void {
    this.write(`{"id":${id},"${method}":${JSON.stringify(result)}}`);
  }

  private replyError(id: number, error: ProtocolError): void {
    this.write(JSON.stringify({ id, error }));
  }
}

function position({ offset, epoch }: StreamPosition): { offset: number; epoch: string } {
  return { offset, epoch };
}

/** What a client publishes: `{"text": string, "clientMessageId"?: string}`; undefined for anything else. */
function chatMessageOf(data: unknown): { text: string; clientMessageId: string | undefined } | undefined {
  if (typeof data !== 'object' || data === null || Array.isArray(data)) return undefined;
  const { text, clientMessageId } = data as { text?: unknown; clientMessageId?: unknown };
  if (typeof text !== 'string') return undefined;
  if (clientMessageId !== undefined && typeof clientMessageId !== 'string') return undefined;
  return { text, clientMessageId };
}

/** A close reason fits in 123 bytes; ours are written by us, never the client's input. */
function shortReason(error: unknown): string {
  const text = error instanceof Error ? error.message : 'invalid token';
  return Buffer.byteLength(text) <= 120 ? text : `${text.slice(0, 100)}…`;
}
