import { BeforeApplicationShutdown, Global, Inject, Logger, Module, OnModuleInit, Provider } from '@nestjs/common';
import { Counter, Registry } from 'prom-client';
import { GroupCommandHandler } from '../../application/group-command.handler';
import { GroupRepository } from '../../application/group.repository';
import { AddMemberUseCase } from '../../application/use-cases/add-member.use-case';
import { CheckReadinessUseCase } from '../../application/use-cases/check-readiness.use-case';
import { CreateGroupUseCase } from '../../application/use-cases/create-group.use-case';
import { DeleteGroupUseCase } from '../../application/use-cases/delete-group.use-case';
import { DescribeInstanceUseCase } from '../../application/use-cases/describe-instance.use-case';
import { GetGroupMembersUseCase } from '../../application/use-cases/get-group-members.use-case';
import { GetLastMessagesUseCase } from '../../application/use-cases/get-last-messages.use-case';
import { GetMessagesBeforeUseCase } from '../../application/use-cases/get-messages-before.use-case';
import { PostMessageUseCase } from '../../application/use-cases/post-message.use-case';
import { RemoveMemberUseCase } from '../../application/use-cases/remove-member.use-case';
import { LiveGroupEvents } from '../../application/live-group-events';
import { Cluster } from '../../infrastructure/cluster/cluster';
import { IndexedEventStore } from '../../infrastructure/metrics/instrumented-event-store';
import { alone, Chat, composeChat, Placement } from '../compose-chat';
import { AppConfig } from '../config/app-config';
import { EVENT_STORE } from './event-store.module';

export const CHAT = Symbol('Chat');
/** The instances this one serves groups with, through the broker; null without a broker (the instance is alone). */
export const CLUSTER = Symbol('Cluster');

/** The parts of the composed application that adapters inject by class, and where each is in it. */
const PARTS: readonly (readonly [abstract new (...args: never[]) => unknown, keyof Chat])[] = [
  [GroupRepository, 'repository'],
  [GroupCommandHandler, 'commands'],
  [LiveGroupEvents, 'events'],
  [CreateGroupUseCase, 'createGroup'],
  [AddMemberUseCase, 'addMember'],
  [RemoveMemberUseCase, 'removeMember'],
  [DeleteGroupUseCase, 'deleteGroup'],
  [PostMessageUseCase, 'postMessage'],
  [GetLastMessagesUseCase, 'lastMessages'],
  [GetMessagesBeforeUseCase, 'messagesBefore'],
  [GetGroupMembersUseCase, 'groupMembers'],
  [DescribeInstanceUseCase, 'describeInstance'],
  [CheckReadinessUseCase, 'readiness'],
];

/**
 * The application, as composeChat builds it over the configured store, offered to Nest's adapters: the whole of it
 * as CHAT, and its parts by class. The wiring itself is composeChat's; this module only hands it out.
 */
@Global()
@Module({
  providers: [
    {
      provide: CLUSTER,
      inject: [EVENT_STORE, AppConfig, Registry],
      useFactory: (store: IndexedEventStore, { amqp, cluster }: AppConfig, registry: Registry): Cluster | null => {
        if (!amqp) return null;
        const undecodable = new Counter({
          name: 'chat_cluster_messages_undecodable_total',
          help: 'Messages from other instances that were not what their type says, dropped',
          registers: [registry],
        });
        return new Cluster(
          {
            url: amqp.url,
            brokerLabel: amqp.label,
            clusterName: cluster.name,
            instanceId: cluster.instanceId,
            startedAt: new Date(),
            storeId: store.storeId,
            heartbeatMs: cluster.heartbeatMs,
            expireAfterMs: cluster.expireAfterMs,
            maxQueuedMessages: cluster.maxQueuedMessages,
          },
          new Logger('cluster'),
          { undecodable: () => undecodable.inc() },
        );
      },
    },
    {
      provide: CHAT,
      inject: [EVENT_STORE, AppConfig, Registry, CLUSTER],
      useFactory: (store: IndexedEventStore, config: AppConfig, registry: Registry, cluster: Cluster | null): Chat => {
        const retries = new Counter({
          name: 'chat_command_concurrency_retries_total',
          help: 'Commands decided again on fresh state after another instance appended first',
          registers: [registry],
        });
        const filled = new Counter({
          name: 'chat_live_events_filled_total',
          help: 'Events read from the store because the broker did not bring them in time (lost, late, or never published)',
          registers: [registry],
        });
        const logger = new Logger('live');
        const placement: Placement = cluster
          ? {
              instanceId: cluster.instanceId,
              startedAt: cluster.startedAt,
              bus: cluster.bus,
              presence: (changes) => cluster.presence(changes),
              peers: cluster.peers,
            }
          : alone(config.cluster.instanceId);
        return composeChat(
          store,
          {
            groupRules: config.groupRules,
            commands: { ...config.commands, onConcurrencyRetry: () => retries.inc() },
            history: config.history,
            live: {
              ...config.live,
              onFilled: (_groupId, events) => filled.inc(events),
              onError: (error, { groupId, during }) =>
                logger.warn({ msg: during === 'fill' ? 'cannot read missed events yet, retrying' : 'a live listener failed', groupId, error: String(error) }),
            },
          },
          {},
          placement,
        );
      },
    },
    ...PARTS.map(([part, key]): Provider => ({ provide: part, inject: [CHAT], useFactory: (chat: Chat) => chat[key] })),
  ],
  exports: [CHAT, CLUSTER, ...PARTS.map(([part]) => part)],
})
export class ChatModule implements OnModuleInit, BeforeApplicationShutdown {
  constructor(
    @Inject(CHAT) private readonly chat: Chat,
    @Inject(CLUSTER) private readonly cluster: Cluster | null,
  ) {}

  /** Links to the other instances before any adapter serves; until it has joined them, the instance is not ready. */
  onModuleInit(): void {
    const cluster = this.cluster;
    if (!cluster) return;
    cluster.start();
    this.chat.readiness.register({ name: 'cluster', check: () => cluster.peers.checkJoined() });
  }

  /** Lets every accepted command reach the store (and the other instances) before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.chat.commands.drain();
    await this.cluster?.stop();
  }
}
