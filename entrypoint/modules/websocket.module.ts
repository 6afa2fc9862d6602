import { Module, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { HttpAdapterHost } from '@nestjs/core';
import { Registry } from 'prom-client';
import { Server } from 'node:http';
import { GroupRepository } from '../../application/group.repository';
import { Clock } from '../../application/ports/clock.port';
import { IdGenerator } from '../../application/ports/id-generator.port';
import { PresenceRegistry } from '../../application/ports/presence.port';
import { ConnectMemberUseCase } from '../../application/use-cases/connect-member.use-case';
import { DisconnectMemberUseCase } from '../../application/use-cases/disconnect-member.use-case';
import { PostMessageUseCase } from '../../application/use-cases/post-message.use-case';
import { InProcessGroupEventBus } from '../../infrastructure/messaging/in-process-group-event.bus';
import { InProcessPresenceBus } from '../../infrastructure/presence/in-process-presence.bus';
import { ChatGateway } from '../../presentation/websocket/chat.gateway';
import { prometheusChatSocketObserver } from '../../presentation/websocket/websocket.metrics';
import { AppConfig } from '../config/app-config';
import { CLOCK, ID_GENERATOR, PRESENCE } from './chat.module';

/**
 * The WebSocket chat adapter on the HTTP port. Presence changes travel on their own in-process bus (they are not
 * stored events); a broker-backed bus implementing the same ports would carry them between instances.
 */
@Module({
  providers: [
    { provide: InProcessPresenceBus, useFactory: () => new InProcessPresenceBus() },
    {
      provide: ConnectMemberUseCase,
      inject: [GroupRepository, PRESENCE, InProcessPresenceBus, CLOCK],
      useFactory: (groups: GroupRepository, presence: PresenceRegistry, bus: InProcessPresenceBus, clock: Clock) =>
        new ConnectMemberUseCase(groups, presence, bus, clock),
    },
    {
      provide: DisconnectMemberUseCase,
      inject: [PRESENCE, InProcessPresenceBus, CLOCK],
      useFactory: (presence: PresenceRegistry, bus: InProcessPresenceBus, clock: Clock) =>
        new DisconnectMemberUseCase(presence, bus, clock),
    },
    {
      provide: ChatGateway,
      inject: [
        ConnectMemberUseCase,
        DisconnectMemberUseCase,
        PostMessageUseCase,
        InProcessGroupEventBus,
        InProcessPresenceBus,
        ID_GENERATOR,
        AppConfig,
        Registry,
      ],
      useFactory: (
        connect: ConnectMemberUseCase,
        disconnect: DisconnectMemberUseCase,
        post: PostMessageUseCase,
        events: InProcessGroupEventBus,
        presence: InProcessPresenceBus,
        ids: IdGenerator,
        config: AppConfig,
        registry: Registry,
      ) => {
        const gateway = new ChatGateway({ connect, disconnect, post }, { events, presence }, ids, config.websocket);
        gateway.observer = prometheusChatSocketObserver(registry, () => gateway.counts());
        return gateway;
      },
    },
  ],
  exports: [ConnectMemberUseCase, DisconnectMemberUseCase],
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
