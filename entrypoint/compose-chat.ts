import { GroupCommandHandler } from '../application/group-command.handler';
import { GroupRepository } from '../application/group.repository';
import { GroupMessageStream } from '../application/group-message-stream';
import { MessageHistory } from '../application/message-history';
import { Clock } from '../application/ports/clock.port';
import { EventStore } from '../application/ports/event-store.port';
import { MessageIndex } from '../application/ports/message-index.port';
import { IdGenerator } from '../application/ports/id-generator.port';
import { AddMemberUseCase } from '../application/use-cases/add-member.use-case';
import { CheckReadinessUseCase } from '../application/use-cases/check-readiness.use-case';
import { ConnectMemberUseCase } from '../application/use-cases/connect-member.use-case';
import { CreateGroupUseCase } from '../application/use-cases/create-group.use-case';
import { DeleteGroupUseCase } from '../application/use-cases/delete-group.use-case';
import { DescribeInstanceUseCase } from '../application/use-cases/describe-instance.use-case';
import { DisconnectMemberUseCase } from '../application/use-cases/disconnect-member.use-case';
import { GetGroupMembersUseCase } from '../application/use-cases/get-group-members.use-case';
import { GetLastMessagesUseCase } from '../application/use-cases/get-last-messages.use-case';
import { GetMessagesBeforeUseCase } from '../application/use-cases/get-messages-before.use-case';
import { PostMessageUseCase } from '../application/use-cases/post-message.use-case';
import { RemoveMemberUseCase } from '../application/use-cases/remove-member.use-case';
import { groupDecider } from '../domain/group/group.decider';
import { DEFAULT_GROUP_RULES, GroupRules } from '../domain/group/group.rules';
import { DEFAULT_LIVE_GROUP_EVENTS_OPTIONS, LiveGroupEvents, LiveGroupEventsOptions } from '../application/live-group-events';
import { GroupEventBus } from '../application/ports/group-event-publisher.port';
import { PeerInstances } from '../application/ports/peer-instances.port';
import { PresencePublisher } from '../application/ports/presence-notifications.port';
import { PresenceRegistry } from '../application/ports/presence.port';
import { InProcessGroupEventBus } from '../infrastructure/messaging/in-process-group-event.bus';
import { InMemoryPresenceRegistry } from '../infrastructure/presence/in-memory-presence.registry';
import { InProcessPresenceBus } from '../infrastructure/presence/in-process-presence.bus';
import { RandomUuidGenerator } from '../infrastructure/system/random-uuid.generator';
import { SystemClock } from '../infrastructure/system/system.clock';

export interface ChatSettings {
  readonly groupRules: GroupRules;
  readonly commands: {
    readonly maxAttempts: number;
    readonly cachedGroups: number;
    readonly snapshotEvery: number;
    /** Told of every command decided again after another writer appended first, for metrics. */
    readonly onConcurrencyRetry?: (groupId: string, attempt: number) => void;
  };
  readonly history: { readonly maxPageSize: number };
  readonly live: LiveGroupEventsOptions;
}

/**
 * How this instance meets the others that serve the same groups: the bus between them, presence across them and who
 * they are. An instance on its own has the in-process bus and its own memory.
 */
export interface Placement {
  readonly instanceId: string;
  readonly startedAt: Date;
  readonly bus: GroupEventBus;
  presence(changes: PresencePublisher): PresenceRegistry;
  readonly peers?: PeerInstances;
}

export function alone(instanceId: string, startedAt = new Date()): Placement {
  return { instanceId, startedAt, bus: new InProcessGroupEventBus(), presence: () => new InMemoryPresenceRegistry() };
}

/** The service's own defaults, for tests, the benchmark and tools that need no other settings. */
export const DEFAULT_CHAT_SETTINGS: ChatSettings = {
  groupRules: DEFAULT_GROUP_RULES,
  commands: { maxAttempts: 5, cachedGroups: 10_000, snapshotEvery: 100 },
  history: { maxPageSize: 1000 },
  live: DEFAULT_LIVE_GROUP_EVENTS_OPTIONS,
};

/**
 * The application of one service process over `store`, placed alone or among other instances: the decider, the
 * command pipeline, the live feed of each group's events, presence and every use case, wired with plain constructors. The one place that wiring is written: Nest's ChatModule, the tests
 * and the benchmark all call it.
 */
export function composeChat(
  store: EventStore & MessageIndex,
  settings: ChatSettings = DEFAULT_CHAT_SETTINGS,
  system: { readonly clock?: Clock; readonly ids?: IdGenerator } = {},
  placement?: Placement,
) {
  const clock = system.clock ?? new SystemClock();
  const ids = system.ids ?? new RandomUuidGenerator();
  const place = placement ?? alone(ids.newId(), clock.now());
  const decider = groupDecider(settings.groupRules);
  const repository = new GroupRepository(store, decider, ids, settings.commands.snapshotEvery, settings.commands.cachedGroups);
  const presenceChanges = new InProcessPresenceBus();
  const presence = place.presence(presenceChanges);
  const commands = new GroupCommandHandler(decider, repository, place.bus, clock, settings.commands);
  // What other instances store reaches this one's remembered state too, so its next command is decided on it.
  const events = new LiveGroupEvents(place.bus, repository, store, { ...settings.live, onDelivered: (event) => commands.observe(event) });
  const history = new MessageHistory(repository, store, settings.history.maxPageSize);
  const stream = new GroupMessageStream(repository, store, store, settings.history.maxPageSize);
  return {
    store,
    clock,
    ids,
    repository,
    commands,
    /** Stored events, per group, in version order and each once, for the adapters that push them to clients. */
    events,
    /** Members coming online and going offline, per group. */
    presenceChanges,
    presence,
    createGroup: new CreateGroupUseCase(commands, clock),
    addMember: new AddMemberUseCase(commands, clock),
    removeMember: new RemoveMemberUseCase(commands, clock),
    deleteGroup: new DeleteGroupUseCase(commands, clock),
    postMessage: new PostMessageUseCase(commands, store, clock),
    /** A group's messages as a stream with positions: recovery and history of the client protocol. */
    stream,
    lastMessages: new GetLastMessagesUseCase(history),
    messagesBefore: new GetMessagesBeforeUseCase(history),
    groupMembers: new GetGroupMembersUseCase(repository, presence),
    connect: new ConnectMemberUseCase(repository, presence, presenceChanges, clock),
    disconnect: new DisconnectMemberUseCase(presence, presenceChanges, clock),
    describeInstance: new DescribeInstanceUseCase(presence, place, place.peers),
    readiness: new CheckReadinessUseCase(store),
  };
}

export type Chat = ReturnType<typeof composeChat>;
