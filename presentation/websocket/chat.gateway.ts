import { Logger } from '@nestjs/common';
import { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';
import { ServerOptions, WebSocket, WebSocketServer } from 'ws';
import { GroupEventSubscriber } from '../../application/ports/group-event-publisher.port';
import { IdGenerator } from '../../application/ports/id-generator.port';
import { PresenceSubscriber } from '../../application/ports/presence-notifications.port';
import { ConnectMemberUseCase } from '../../application/use-cases/connect-member.use-case';
import { DisconnectMemberUseCase } from '../../application/use-cases/disconnect-member.use-case';
import { PostMessageUseCase } from '../../application/use-cases/post-message.use-case';
import { GroupId } from '../../domain/group/identifiers';
import { ChatConnection, ConnectionLimits } from './chat-connection';
import { parseChatPath } from './chat-path';
import { answersTo } from '../error-answers';
import { FrameRefusal, MessageRefusal, refusalOfMessage } from './chat-refusals';
import { Closing, CloseReason } from './close-codes';
import { GroupRoom } from './group-room';
import { rejectUpgrade, upgradePath } from './upgrade-answers';
import { UpgradePolicy } from './upgrade-policy';
import { KeepaliveSchedule } from './keepalive-schedule';
import { ChatSocketObserver, SocketCounts } from './websocket.metrics';

export interface ChatGatewayOptions extends ConnectionLimits {
  /** Largest frame a client may send; `ws` closes the socket with 1009 past it, before buffering it whole. */
  readonly maxFrameBytes: number;
  /** Keepalive: every socket is pinged this often, and dropped when it has not answered the previous ping. */
  readonly pingIntervalMs: number;
  /** How long a closing socket waits for the client's close frame before it is destroyed. */
  readonly closeTimeoutMs: number;
  /** Paths another WebSocket endpoint on the same HTTP server answers (the client protocol): left to it, not refused. */
  readonly sharedPaths?: readonly string[];
  /** Who may open a v1 socket (origins, trusted proxies); everyone when absent. */
  readonly policy?: UpgradePolicy;
}

/** Refusals caused by what the client sent, as opposed to the service failing to store it. */
const CLIENT_FAULTS: ReadonlySet<string> = new Set(['EMPTY_MESSAGE', 'MESSAGE_TOO_LONG', 'BINARY_FRAME', 'INVALID_IDENTIFIER']);

export interface ChatUseCases {
  readonly connect: ConnectMemberUseCase;
  readonly disconnect: DisconnectMemberUseCase;
  readonly post: PostMessageUseCase;
}

export interface ChatFeeds {
  readonly events: GroupEventSubscriber;
  readonly presence: PresenceSubscriber;
}

/**
 * The chat socket at `/v1/messages/{groupId}?user={clientId}` (position-pal's v1 protocol): text frames in become
 * posted messages, stored events and presence changes out become frames.
 *
 * A `ws` server in noServer mode on the HTTP server's `upgrade` event, rather than Nest's WsAdapter: the adapter
 * routes by exact path (no `{groupId}` in it), destroys other upgrades without an answer, parses frames as JSON
 * `{event, data}` while v1 frames are plain text, and hides the socket lifecycle this needs: accept, then close with
 * a specific code after an asynchronous membership check; pause reading for the rate limit; watch the unsent bytes.
 */
export class ChatGateway {
  private readonly logger = new Logger('ChatGateway');
  private readonly server: WebSocketServer;
  private readonly rooms = new Map<GroupId, GroupRoom>();
  private readonly connections = new Set<ChatConnection>();
  private readonly keepalive: KeepaliveSchedule<ChatConnection>;
  private httpServer?: Server;
  private stopping = false;
  /** Set once by the wiring, before the first socket: metrics need the gateway and the gateway reports to them. */
  observer?: ChatSocketObserver;

  constructor(
    private readonly useCases: ChatUseCases,
    private readonly feeds: ChatFeeds,
    private readonly ids: IdGenerator,
    private readonly options: ChatGatewayOptions,
  ) {
    const serverOptions: ServerOptions & { closeTimeout: number } = {
      noServer: true,
      maxPayload: options.maxFrameBytes,
      // Supported by ws 8.23 (how long close() waits for the peer before destroying the socket), not yet typed.
      closeTimeout: options.closeTimeoutMs,
      // Compression costs CPU and memory per socket, and chat frames are small.
      perMessageDeflate: false,
    };
    this.server = new WebSocketServer(serverOptions);
    this.keepalive = new KeepaliveSchedule(options.pingIntervalMs, (connection) => connection.checkAlive());
  }

  /** Open sockets and online members on this instance, summed over its groups. */
  counts(): SocketCounts {
    let connections = 0;
    let onlineMembers = 0;
    for (const room of this.rooms.values()) {
      const counts = room.counts();
      connections += counts.connections;
      onlineMembers += counts.onlineMembers;
    }
    return { connections, onlineMembers };
  }

  /** Starts answering upgrades on the service's HTTP server, before it listens. */
  attach(httpServer: Server): void {
    this.httpServer = httpServer;
    httpServer.on('upgrade', this.onUpgrade);
    this.keepalive.start();
  }

  /** Shutdown: refuses new sockets and closes every open one with 1001, waiting at most the close timeout. */
  async close(): Promise<void> {
    this.stopping = true;
    this.keepalive.stop();
    const closing = [...this.connections].map((connection) => {
      connection.close(Closing.shuttingDown);
      return connection.closed;
    });
    await Promise.all(closing);
    this.httpServer?.off('upgrade', this.onUpgrade);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    const path = parseChatPath(request.url ?? '/');
    if (path.kind === 'elsewhere') {
      if (this.options.sharedPaths?.some((shared) => upgradePath(request.url) === shared)) return;
      return rejectUpgrade(socket, 404, 'Not Found');
    }
    if (this.stopping) return rejectUpgrade(socket, 503, 'Service Unavailable');
    const verdict = this.options.policy?.admitsV1(request);
    if (verdict && !verdict.admitted) return rejectUpgrade(socket, verdict.status, verdict.text);
    if (path.kind === 'refused') return this.acceptAndClose(request, socket, head, path.refusal);
    // A bug in serving one socket must cost that socket, never the process.
    this.admit(request, socket, head, path.groupId, path.userId).catch((error: unknown) => {
      this.logger.error({ msg: 'chat socket failed', error: describe(error) });
      socket.destroy();
    });
  };

  /**
   * Checks membership before completing the upgrade, so that a client's `open` means it is in: every frame published
   * after it reaches the socket. A refusal still completes the upgrade, because only an open socket can carry a close
   * code and reason to a browser.
   */
  private async admit(request: IncomingMessage, socket: Duplex, head: Buffer, groupId: GroupId, userId: string) {
    const connection = new ChatConnection(this.ids.newId(), groupId, userId, this.options);
    const member = { groupId, userId, connectionId: connection.id };
    // Joined before the check, so that a removal stored while the check runs still reaches the connection.
    const room = this.roomOf(groupId);
    room.add(connection);
    this.connections.add(connection);
    this.keepalive.add(connection);
    let registered = false;
    connection.onEnd(() => {
      room.remove(connection);
      this.connections.delete(connection);
      this.keepalive.remove(connection);
      // A removed member's last socket goes without a `disconnected` notice: the others were just told it left.
      if (registered) void this.disconnect(member, connection.closedWith !== Closing.removed);
    });
    // Until `ws` owns the socket, a client that resets it must neither crash the process nor stay registered.
    socket.on('error', ignore);
    socket.once('close', () => connection.abandon());

    let refusal: CloseReason | undefined;
    let connectedAt = '';
    try {
      await room.ready;
      ({ connectedAt } = await this.useCases.connect.execute(member));
      registered = true;
    } catch (error) {
      refusal = answersTo(error).socket.connect;
      if (refusal === Closing.internalError || refusal === Closing.unavailable) {
        this.logger.warn({ msg: 'chat socket refused', groupId, userId, error: describe(error) });
      }
    }
    socket.off('error', ignore);
    if (connection.hasEnded) {
      // Closed while the check ran (client gone, removed, group deleted, shutdown): undo the registration.
      if (registered) await this.disconnect(member);
      refusal ??= connection.refusedWith;
    }
    if (!refusal && connection.hasEnded) return void socket.destroy();
    this.server.handleUpgrade(request, socket, head, (webSocket) => {
      if (refusal) return closeAtOnce(webSocket, refusal);
      connection.open(webSocket, socket, {
        text: (text) => this.post(connection, text),
        binary: () => this.refuse(connection, FrameRefusal.binary),
      });
      room.activate(connection, connectedAt);
    });
  }

  private acceptAndClose(request: IncomingMessage, socket: Duplex, head: Buffer, refusal: CloseReason): void {
    this.server.handleUpgrade(request, socket, head, (webSocket) => closeAtOnce(webSocket, refusal));
  }

  /**
   * Posts without waiting: the command handler queues one group's commands in call order, so a socket's messages keep
   * their order, and the fan-out happens when the stored event is published, never here.
   */
  private post(connection: ChatConnection, text: string): void {
    this.useCases.post
      .execute({ groupId: connection.groupId, senderId: connection.userId, text }, { correlationId: connection.id })
      .catch((error: unknown) => this.refuse(connection, refusalOfMessage(error), error));
  }

  /** A message not stored: the socket is closed when it can no longer post; otherwise it is counted and logged. */
  private refuse(connection: ChatConnection, refusal: MessageRefusal, error?: unknown): void {
    if (refusal.kind === 'close') return connection.close(refusal.close);
    this.observer?.refused(refusal.code);
    const entry = { msg: 'chat message not stored', groupId: connection.groupId, userId: connection.userId, code: refusal.code };
    // The client's fault is worth a line at info; the service's own failures at warn, with their cause.
    if (error === undefined || CLIENT_FAULTS.has(refusal.code)) this.logger.log({ ...entry, reason: refusal.reason });
    else this.logger.warn({ ...entry, error: describe(error) });
  }

  private async disconnect(member: { groupId: GroupId; userId: string; connectionId: string }, announce = true): Promise<void> {
    try {
      await this.useCases.disconnect.execute(member, { announce });
    } catch (error) {
      this.logger.error({ msg: 'presence not updated on disconnect', ...member, error: describe(error) });
    }
  }

  private roomOf(groupId: GroupId): GroupRoom {
    let room = this.rooms.get(groupId);
    if (!room) {
      room = new GroupRoom(
        groupId,
        this.feeds.events,
        this.feeds.presence,
        (empty) => {
          if (this.rooms.get(groupId) === empty) this.rooms.delete(groupId);
        },
        this.observer,
        (error) => this.logger.error({ msg: 'chat frame not written', groupId, error: describe(error) }),
      );
      this.rooms.set(groupId, room);
    }
    return room;
  }
}

function closeAtOnce(webSocket: WebSocket, { code, reason }: CloseReason): void {
  webSocket.on('error', ignore);
  webSocket.close(code, reason);
}

function ignore(): void {}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
