import { BeforeApplicationShutdown, Global, Inject, Module, Provider } from '@nestjs/common';
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
import { InProcessGroupEventBus } from '../../infrastructure/messaging/in-process-group-event.bus';
import { IndexedEventStore } from '../../infrastructure/metrics/instrumented-event-store';
import { Chat, composeChat } from '../compose-chat';
import { AppConfig } from '../config/app-config';
import { EVENT_STORE } from './event-store.module';

export const CHAT = Symbol('Chat');

/** The parts of the composed application that adapters inject by class, and where each is in it. */
const PARTS: readonly (readonly [abstract new (...args: never[]) => unknown, keyof Chat])[] = [
  [GroupRepository, 'repository'],
  [GroupCommandHandler, 'commands'],
  [InProcessGroupEventBus, 'events'],
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
      provide: CHAT,
      inject: [EVENT_STORE, AppConfig, Registry],
      useFactory: (store: IndexedEventStore, config: AppConfig, registry: Registry): Chat => {
        const retries = new Counter({
          name: 'chat_command_concurrency_retries_total',
          help: 'Commands decided again on fresh state after another instance appended first',
          registers: [registry],
        });
        return composeChat(store, {
          groupRules: config.groupRules,
          commands: { ...config.commands, onConcurrencyRetry: () => retries.inc() },
          history: config.history,
        });
      },
    },
    ...PARTS.map(([part, key]): Provider => ({ provide: part, inject: [CHAT], useFactory: (chat: Chat) => chat[key] })),
  ],
  exports: [CHAT, ...PARTS.map(([part]) => part)],
})
export class ChatModule implements BeforeApplicationShutdown {
  constructor(@Inject(CHAT) private readonly chat: Chat) {}

  /** Lets every accepted command reach the store before the store closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await this.chat.commands.drain();
  }
}
