import { BeforeApplicationShutdown, Global, Module, Provider } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { GroupCommandHandler } from '../../application/group-command.handler';
import { GroupRepository } from '../../application/group.repository';
import { MessageHistory } from '../../application/message-history';
import { Clock } from '../../application/ports/clock.port';
import { EventStore } from '../../application/ports/event-store.port';
import { IdGenerator } from '../../application/ports/id-generator.port';
import { PresenceRegistry } from '../../application/ports/presence.port';
import { AddMemberUseCase } from '../../application/use-cases/add-member.use-case';
import { CheckReadinessUseCase } from '../../application/use-cases/check-readiness.use-case';
import { CreateGroupUseCase } from '../../application/use-cases/create-group.use-case';
import { DescribeInstanceUseCase } from '../../application/use-cases/describe-instance.use-case';
import { DeleteGroupUseCase } from '../../application/use-cases/delete-group.use-case';
import { GetGroupMembersUseCase } from '../../application/use-cases/get-group-members.use-case';
import { GetLastMessagesUseCase } from '../../application/use-cases/get-last-messages.use-case';
import { GetMessagesBeforeUseCase } from '../../application/use-cases/get-messages-before.use-case';
import { PostMessageUseCase } from '../../application/use-cases/post-message.use-case';
import { RemoveMemberUseCase } from '../../application/use-cases/remove-member.use-case';
import { groupDecider, GroupDecider } from '../../domain/group/group.decider';
import { InProcessGroupEventBus } from '../../infrastructure/messaging/in-process-group-event.bus';
import { InMemoryPresenceRegistry } from '../../infrastructure/presence/in-memory-presence.registry';
import { RandomUuidGenerator } from '../../infrastructure/system/random-uuid.generator';
import { SystemClock } from '../../infrastructure/system/system.clock';
import { AppConfig } from '../config/app-config';
import { EVENT_STORE } from './event-store.module';

export const CLOCK = Symbol('Clock');
export const ID_GENERATOR = Symbol('IdGenerator');
export const PRESENCE = Symbol('PresenceRegistry');
export const DECIDER = Symbol('GroupDecider');

const commandUseCases = [CreateGroupUseCase, AddMemberUseCase, RemoveMemberUseCase, DeleteGroupUseCase].map(
  (useCase): Provider => ({
    provide: useCase,
    inject: [GroupCommandHandler, CLOCK],
    useFactory: (commands: GroupCommandHandler, clock: Clock) => new useCase(commands, clock),
  }),
);

/**
 * Composes the application: the domain's decider, the use cases and the ports they need. The application layer knows
 * nothing of Nest; this module is the only place that does the wiring, with plain constructors.
 */
@Global()
@Module({
  providers: [
    { provide: CLOCK, useClass: SystemClock },
    { provide: ID_GENERATOR, useClass: RandomUuidGenerator },
    { provide: PRESENCE, useClass: InMemoryPresenceRegistry },
    { provide: InProcessGroupEventBus, useFactory: () => new InProcessGroupEventBus() },
    { provide: DECIDER, inject: [AppConfig], useFactory: (config: AppConfig) => groupDecider(config.groupRules) },
    {
      provide: GroupRepository,
      inject: [EVENT_STORE, DECIDER, ID_GENERATOR, AppConfig],
      useFactory: (store: EventStore, decider: GroupDecider, ids: IdGenerator, config: AppConfig) =>
        new GroupRepository(store, decider, ids, config.commands.snapshotEvery),
    },
    {
      provide: GroupCommandHandler,
      inject: [DECIDER, GroupRepository, InProcessGroupEventBus, CLOCK, AppConfig, Registry],
      useFactory: (
        decider: GroupDecider,
        repository: GroupRepository,
        bus: InProcessGroupEventBus,
        clock: Clock,
        config: AppConfig,
        registry: Registry,
      ) => {
        const retries = new Counter({
          name: 'chat_command_concurrency_retries_total',
          help: 'Commands decided again on fresh state after another instance appended first',
          registers: [registry],
        });
        return new GroupCommandHandler(decider, repository, bus, clock, {
          ...config.commands,
          onConcurrencyRetry: () => retries.inc(),
        });
      },
    },
    {
      provide: MessageHistory,
      inject: [GroupRepository, EVENT_STORE, AppConfig],
      useFactory: (groups: GroupRepository, store: EventStore, config: AppConfig) =>
        new MessageHistory(groups, store, config.history.maxPageSize),
    },
    ...commandUseCases,
    {
      provide: PostMessageUseCase,
      inject: [GroupCommandHandler, EVENT_STORE, CLOCK],
      useFactory: (commands: GroupCommandHandler, store: EventStore, clock: Clock) =>
        new PostMessageUseCase(commands, store, clock),
    },
    {
      provide: GetLastMessagesUseCase,
      inject: [MessageHistory],
      useFactory: (history: MessageHistory) => new GetLastMessagesUseCase(history),
    },
    {
      provide: GetMessagesBeforeUseCase,
      inject: [MessageHistory],
      useFactory: (history: MessageHistory) => new GetMessagesBeforeUseCase(history),
    },
    {
      provide: GetGroupMembersUseCase,
      inject: [GroupRepository, PRESENCE],
      useFactory: (groups: GroupRepository, presence: PresenceRegistry) => new GetGroupMembersUseCase(groups, presence),
    },
    {
      provide: DescribeInstanceUseCase,
      inject: [PRESENCE, ID_GENERATOR, CLOCK],
      useFactory: (presence: PresenceRegistry, ids: IdGenerator, clock: Clock) =>
        new DescribeInstanceUseCase(presence, ids.newId(), clock.now()),
    },
    {
      provide: CheckReadinessUseCase,
      inject: [EVENT_STORE],
      useFactory: (store: EventStore) => new CheckReadinessUseCase(store),
    },
  ],
  exports: [
    CLOCK,
    ID_GENERATOR,
    PRESENCE,
    InProcessGroupEventBus,
    GroupCommandHandler,
    GroupRepository,
    ...commandUseCases.map((provider) => (provider as { provide: unknown }).provide as never),
    PostMessageUseCase,
    GetLastMessagesUseCase,
    GetMessagesBeforeUseCase,
    GetGroupMembersUseCase,
    CheckReadinessUseCase,
    DescribeInstanceUseCase,
  ],
})
export class ChatModule implements BeforeApplicationShutdown {
  constructor(private readonly commands: GroupCommandHandler) {}

  /** Lets every accepted command reach the store before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.commands.drain();
  }
}
