import { Logger } from '@nestjs/common';
import { IncomingMessage, Server } from 'node:http';
import { Duplex } from 'node:stream';
import { ServerOptions, WebSocket, WebSocketServer } from 'ws';
import { GroupEventSubscriber } from '../../application/ports/group-event-publisher.port';
import { IdGenerator } from '../../application/ports/id-generator.port';
import { PresenceSubscriber } from '../../application/ports/presence-notifications.port';
import { GroupId } from '../../domain/group/identifiers';
import { ChannelRoom } from './channel-room';
import { ClientProtocolUseCases, ClientSession, SessionLimits } from './client-session';
import { KeepaliveSchedule } from '../websocket/keepalive-schedule';
import { textFrame } from '../websocket/text-frame';
import { TickCorking } from '../websocket/tick-corking';
import { rejectUpgrade, upgradePath } from '../websocket/upgrade-answers';
import { UpgradePolicy } from '../websocket/upgrade-policy';
import { ChatSocketObserver } from '../websocket/websocket.metrics';
import { Disconnects, DisconnectReason } from './protocol';

/** The endpoint every Centrifugo SDK connects to by default. */
export const CLIENT_PROTOCOL_PATH = '/connection/websocket';

export interface CentrifugalGatewayOptions extends SessionLimits {
  /** Largest frame a client may send; `ws` closes the socket with 1009 past it, before buffering it whole. */
  readonly maxFrameBytes: number;
  /** How long a socket may stay open without a connect command (3502 after it). */
  readonly handshakeTimeoutMs: number;
  /** How long a closing socket waits for the client's close frame before it is destroyed. */
  readonly closeTimeoutMs: number;
  /** Which origins may open a socket; any when absent. */
  readonly policy?: UpgradePolicy;
}


/**
 * The client protocol (v2): the Centrifugal bidirectional protocol, JSON format, at `/connection/websocket`, so that
 * centrifuge-js and the other Centrifugo SDKs are its clients. Beside v1 on the same HTTP server; a `ws` server in
 * noServer mode, as v1's, on the server's `upgrade` event.
 */
export class CentrifugalGateway {
  private readonly logger = new Logger('ClientProtocol');
  private readonly server: WebSocketServer;
  private readonly sessions = new Map<ClientSession, WebSocket>();
  private readonly rooms = new Map<GroupId, ChannelRoom>();
  private httpServer?: Server;
  /** The server's pings, spread over the interval as v1's are. */
  private readonly pinger: KeepaliveSchedule<ClientSession>;
  private stopping = false;
  /** A publisher's reply and the publication pushed to it by the same append leave in one write. */
  private readonly corking = new TickCorking();
  /** Set once by the wiring, before the first connection: the delivery metrics v1 reports to. */
  observer?: ChatSocketObserver;

  constructor(
    private readonly useCases: ClientProtocolUseCases,
    private readonly feeds: { readonly events: GroupEventSubscriber; readonly presence: PresenceSubscriber },
    private readonly ids: IdGenerator,
    private readonly options: CentrifugalGatewayOptions,
  ) {
    const serverOptions: ServerOptions & { closeTimeout: number } = {
      noServer: true,
      maxPayload: options.maxFrameBytes,
      closeTimeout: options.closeTimeoutMs,
      perMessageDeflate: false,
    };
    this.server = new WebSocketServer(serverOptions);
    this.pinger = new KeepaliveSchedule(options.pingIntervalMs, (session) => session.ping());
  }

  attach(httpServer: Server): void {
    this.httpServer = httpServer;
    httpServer.on('upgrade', this.onUpgrade);
    this.pinger.start();
  }

  /** Open v2 connections on this instance. */
  get connections(): number {
    return this.sessions.size;
  }

  /** Shutdown: refuses new connections and ends the open ones with 3001 (the SDKs reconnect, to another instance). */
  async close(): Promise<void> {
    this.stopping = true;
    this.pinger.stop();
    const closing = [...this.sessions.values()].map((socket) => new Promise<void>((resolve) => {
      if (socket.readyState === WebSocket.CLOSED) return resolve();
      socket.once('close', () => resolve());
    }));
    for (const session of [...this.sessions.keys()]) session.end(Disconnects.shutdown);
    await Promise.all(closing);
    this.httpServer?.off('upgrade', this.onUpgrade);
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private readonly onUpgrade = (request: IncomingMessage, socket: Duplex, head: Buffer): void => {
    if (upgradePath(request.url) !== CLIENT_PROTOCOL_PATH) return;
    if (this.stopping) return rejectUpgrade(socket, 503, 'Service Unavailable');
    const verdict = this.options.policy?.admitsOrigin(request);
    if (verdict && !verdict.admitted) return rejectUpgrade(socket, verdict.status, verdict.text);
    socket.on('error', () => socket.destroy());
    this.server.handleUpgrade(request, socket, head, (webSocket) => this.open(webSocket, socket));
  };

  private open(webSocket: WebSocket, socket: Duplex): void {
    const session = new ClientSession(
      this.ids.newId(),
      {
        // Replies and pushes go straight to the TCP socket as complete frames, as v1's do (`ws` writes its own frames
        // whole to the same stream): one buffer and one write, where `ws` would cork the socket around a header and a
        // payload. A reply written while the socket is held for the tick (sendFrame) joins what is held.
        send: (text) => {
          if (webSocket.readyState === WebSocket.OPEN) socket.write(textFrame(text));
        },
        // Held only when a reply may follow: corking costs a vectored write, worth it only when two frames share it.
        sendFrame: (frame, replyMayFollow) => {
          if (webSocket.readyState !== WebSocket.OPEN) return;
          if (replyMayFollow) this.corking.hold(socket);
          socket.write(frame);
        },
        // The TCP socket's queue holds both: what a slow reader grows.
        bufferedBytes: () => socket.writableLength,
        close: ({ code, reason }: DisconnectReason) => webSocket.close(code, reason),
      },
      {
        useCases: this.useCases,
        limits: this.options,
        join: (subscription) => {
          const room = this.roomOf(subscription.channel);
          room.add(subscription);
          return room;
        },
        leave: (subscription) => this.rooms.get(subscription.channel)?.remove(subscription),
        onFailure: (error, { command }) => this.logger.warn({ msg: 'client protocol command failed', command, error: describe(error) }),
        onRefused: (code) => this.observer?.refused(code),
      },
    );
    this.sessions.set(session, webSocket);
    this.pinger.add(session);
    const handshake = setTimeout(() => {
      if (!session.connected) session.end(Disconnects.stale);
    }, this.options.handshakeTimeoutMs);
    handshake.unref();
    webSocket.on('error', () => undefined);
    webSocket.on('message', (data, isBinary) => {
      if (isBinary) return session.end({ code: Disconnects.badRequest.code, reason: 'bad request: binary frame (JSON protocol only)' });
      try {
        session.receive(String(data));
      } catch (error) {
        this.logger.error({ msg: 'client protocol frame failed', error: describe(error) });
        session.end(Disconnects.internal);
      }
    });
    webSocket.once('close', () => {
      clearTimeout(handshake);
      session.closedByClient();
      this.sessions.delete(session);
      this.pinger.remove(session);
    });
  }

  private roomOf(groupId: GroupId): ChannelRoom {
    let room = this.rooms.get(groupId);
    if (!room) {
      room = new ChannelRoom(
        groupId,
        this.feeds.events,
        this.feeds.presence,
        (empty) => {
          if (this.rooms.get(groupId) === empty) this.rooms.delete(groupId);
        },
        this.observer,
      );
      this.rooms.set(groupId, room);
    }
    return room;
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
