import { Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Registry } from 'prom-client';
import { Server } from 'node:http';
import { ChatGateway } from '../../presentation/websocket/chat.gateway';
import { prometheusChatSocketObserver } from '../../presentation/websocket/websocket.metrics';
import { Chat } from '../compose-chat';
import { AppConfig } from '../config/app-config';
import { CHAT } from './chat.module';

/**
 * The WebSocket chat adapter on the HTTP port, fed by the application's two in-process buses: stored events, and
 * presence changes (which are not stored events). A broker-backed bus implementing the same ports would carry both
 * between instances.
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
          config.websocket,
        );
        gateway.observer = prometheusChatSocketObserver(registry, () => gateway.counts());
        return gateway;
      },
    },
  ],
})
export class WebSocketModule implements OnApplicationBootstrap, OnModuleDestroy {
  constructor(
    private readonly gateway: ChatGateway,
    private readonly adapterHost: HttpAdapterHost,
  ) {}

  /** Bootstrap runs before `listen`, so no upgrade request can arrive unanswered. */
  onApplicationBootstrap(): void {
    this.gateway.attach(this.adapterHost.httpAdapter.getHttpServer() as Server);
  }

  /** First of the shutdown hooks: sockets close with 1001 before the command handler drains and the store closes. */
  async onModuleDestroy(): Promise<void> {
    await this.gateway.close();
  }
}
