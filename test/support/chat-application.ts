import { GroupCommandHandler, GroupCommandHandlerOptions } from '../../application/group-command.handler';
import { GroupRepository } from '../../application/group.repository';
import { MessageHistory } from '../../application/message-history';
import { EventStore } from '../../application/ports/event-store.port';
import { AddMemberUseCase } from '../../application/use-cases/add-member.use-case';
import { CreateGroupUseCase } from '../../application/use-cases/create-group.use-case';
import { DeleteGroupUseCase } from '../../application/use-cases/delete-group.use-case';
import { GetGroupMembersUseCase } from '../../application/use-cases/get-group-members.use-case';
import { GetLastMessagesUseCase } from '../../application/use-cases/get-last-messages.use-case';
import { GetMessagesBeforeUseCase } from '../../application/use-cases/get-messages-before.use-case';
import { PostMessageUseCase } from '../../application/use-cases/post-message.use-case';
import { RemoveMemberUseCase } from '../../application/use-cases/remove-member.use-case';
import { groupDecider } from '../../domain/group/group.decider';
import { DEFAULT_GROUP_RULES, GroupRules } from '../../domain/group/group.rules';
import { InProcessGroupEventBus } from '../../infrastructure/messaging/in-process-group-event.bus';
import { InMemoryPresenceRegistry } from '../../infrastructure/presence/in-memory-presence.registry';
import { RandomUuidGenerator } from '../../infrastructure/system/random-uuid.generator';
import { SystemClock } from '../../infrastructure/system/system.clock';

export interface ChatApplicationOptions {
  readonly rules?: Partial<GroupRules>;
  readonly snapshotEvery?: number;
  readonly maxPageSize?: number;
  readonly commands?: Partial<GroupCommandHandlerOptions>;
}

/**
 * The application wired with plain constructors over a given store, as entrypoint/modules/chat.module.ts wires it,
 * without Nest: one "process" of the service. Two of them over one store behave like two instances.
 */
export function chatApplication(store: EventStore, options: ChatApplicationOptions = {}) {
  const clock = new SystemClock();
  const decider = groupDecider({ ...DEFAULT_GROUP_RULES, ...options.rules });
  const repository = new GroupRepository(store, decider, new RandomUuidGenerator(), options.snapshotEvery ?? 100);
  const bus = new InProcessGroupEventBus();
  const presence = new InMemoryPresenceRegistry();
  const commands = new GroupCommandHandler(decider, repository, bus, clock, {
    maxAttempts: 5,
    cachedGroups: 1000,
    ...options.commands,
  });
  const history = new MessageHistory(repository, store, options.maxPageSize ?? 1000);
  return {
    store,
    bus,
    presence,
    commands,
    repository,
    createGroup: new CreateGroupUseCase(commands, clock),
    addMember: new AddMemberUseCase(commands, clock),
    removeMember: new RemoveMemberUseCase(commands, clock),
    deleteGroup: new DeleteGroupUseCase(commands, clock),
    postMessage: new PostMessageUseCase(commands, store, clock),
    lastMessages: new GetLastMessagesUseCase(history),
    messagesBefore: new GetMessagesBeforeUseCase(history),
    groupMembers: new GetGroupMembersUseCase(repository, presence),
  };
}
