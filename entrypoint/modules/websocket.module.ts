import { Logger, Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Gauge, Registry } from 'prom-client';
import { Server } from 'node:http';
import { ConnectionAuthenticator } from '../../application/ports/connection-authenticator.port';
import { DevelopmentAuthenticator, JwtAuthenticator, RefusingAuthenticator } from '../../infrastructure/auth/jwt.authenticator';
import { CentrifugalGateway, CLIENT_PROTOCOL_PATH } from '../../presentation/centrifugal/centrifugal.gateway';
import { ChatGateway } from '../../presentation/websocket/chat.gateway';
import { UpgradePolicy } from '../../presentation/websocket/upgrade-policy';
import { prometheusChatSocketObserver } from '../../presentation/websocket/websocket.metrics';
import { Chat } from '../compose-chat';
import { AppConfig, AuthConfig } from '../config/app-config';
import { CHAT } from './chat.module';

function authenticatorFor(auth: AuthConfig): ConnectionAuthenticator {
  switch (auth.mode) {
    case 'jwt':
      return new JwtAuthenticator(auth);
    case 'development':
      return new DevelopmentAuthenticator();
    case 'refused':
      return new RefusingAuthenticator();
  }
}

/**
 * The two WebSocket protocols on the HTTP port, fed by the same live events and presence: v1 (position-pal's frames,
 * `/v1/messages/{groupId}`) and the client protocol v2 (Centrifugal, `/connection/websocket`).
 */
@Module({
  providers: [
    {
      provide: ChatGateway,
      inject: [CHAT, AppConfig, Registry],
      useFactory: (chat: Chat, config: AppConfig, registry: Registry) => {
        const gateway = new ChatGateway(
          { connect: chat.connect, disconnect: chat.disconnect, post: chat.postMessage },
          { events: chat.events, presence: chat.presenceChanges },
          chat.ids,
          { ...config.websocket, sharedPaths: [CLIENT_PROTOCOL_PATH], policy: new UpgradePolicy(config.sockets) },
        );
        gateway.observer = prometheusChatSocketObserver(registry, () => gateway.counts());
        return gateway;
      },
    },
    {
      provide: CentrifugalGateway,
      inject: [CHAT, AppConfig, Registry, ChatGateway],
      useFactory: (chat: Chat, config: AppConfig, registry: Registry, v1: ChatGateway) => {
        const gateway = new CentrifugalGateway(
          {
            authenticator: authenticatorFor(config.auth),
            connect: chat.connect,
            disconnect: chat.disconnect,
            post: chat.postMessage,
            stream: chat.stream,
            presence: chat.presence,
          },
          { events: chat.events, presence: chat.presenceChanges },
          chat.ids,
          {
            maxFrameBytes: config.websocket.maxFrameBytes,
            maxBufferedBytes: config.websocket.maxBufferedBytes,
            publishesPerSecond: config.websocket.messagesPerSecond,
            publishBurst: config.websocket.messageBurst,
            closeTimeoutMs: config.websocket.closeTimeoutMs,
            pingIntervalMs: config.clientProtocol.pingIntervalMs,
            handshakeTimeoutMs: config.clientProtocol.handshakeTimeoutMs,
            maxSubscriptions: config.clientProtocol.maxSubscriptions,
            maxCommandsPerFrame: 100,
            maxChannelLength: config.groupRules.maxIdentifierLength,
            maxTokenLength: 8192,
            policy: new UpgradePolicy(config.sockets),
          },
        );
        gateway.observer = v1.observer;
        new Gauge({
          name: 'chat_v2_connections',
          help: 'Open client protocol (v2) connections on this instance',
          registers: [registry],
          collect() {
            this.set(gateway.connections);
          },
        });
        return gateway;
      },
    },
  ],
})
export class WebSocketModule implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('WebSocketModule');

  constructor(
    private readonly gateway: ChatGateway,
    private readonly clientProtocol: CentrifugalGateway,
    private readonly adapterHost: HttpAdapterHost,
    private readonly config: AppConfig,
  ) {}

  /** Bootstrap runs before `listen`, so no upgrade request can arrive unanswered. */
  onApplicationBootstrap(): void {
    const server = this.adapterHost.httpAdapter.getHttpServer() as Server;
    this.gateway.attach(server);
    this.clientProtocol.attach(server);
    const { mode } = this.config.auth;
    if (mode === 'development') {
      this.logger.warn(
        'client protocol (v2) in development mode: no AUTH_JWT_HMAC_SECRET or AUTH_JWT_PUBLIC_KEY, so a client names its user ' +
          'in its connect data, unchecked. Configure a key before anyone else can reach this port',
      );
    } else if (mode === 'refused') {
      this.logger.warn('client protocol (v2) connections are refused: NODE_ENV is production and no JWT key is configured');
    }
  }

  /** First of the shutdown hooks: sockets close before the command handler drains and the store closes. */
  async onModuleDestroy(): Promise<void> {
    await Promise.all([this.gateway.close(), this.clientProtocol.close()]);
  }
}
