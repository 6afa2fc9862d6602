/**
 * The service's own classes, wired with plain constructors as test/support/chat-application.ts does: to seed groups
 * into a data directory before the service starts, and for the event-store benchmark. The service never imports this.
 */
import { GroupCommandHandler } from '../application/group-command.handler';
import { GroupRepository } from '../application/group.repository';
import { EventStore } from '../application/ports/event-store.port';
import { AddMemberUseCase } from '../application/use-cases/add-member.use-case';
import { CreateGroupUseCase } from '../application/use-cases/create-group.use-case';
import { PostMessageUseCase } from '../application/use-cases/post-message.use-case';
import { groupDecider } from '../domain/group/group.decider';
import { DEFAULT_GROUP_RULES } from '../domain/group/group.rules';
import { LevelEventStore } from '../infrastructure/event-store/level/level-event-store';
import { InProcessGroupEventBus } from '../infrastructure/messaging/in-process-group-event.bus';
import { RandomUuidGenerator } from '../infrastructure/system/random-uuid.generator';
import { SystemClock } from '../infrastructure/system/system.clock';
import { groupId, userId } from './protocol';

export { LevelEventStore };
export type { EventStore };

/** The command side of one service process over `store`, with the service's defaults. */
export function commandSide(store: EventStore, snapshotEvery = 100) {
  const clock = new SystemClock();
  const decider = groupDecider(DEFAULT_GROUP_RULES);
  const repository = new GroupRepository(store, decider, new RandomUuidGenerator(), snapshotEvery);
  const commands = new GroupCommandHandler(decider, repository, new InProcessGroupEventBus(), clock, {
    maxAttempts: 5,
    cachedGroups: 10_000,
  });
  return {
    createGroup: new CreateGroupUseCase(commands, clock),
    addMember: new AddMemberUseCase(commands, clock),
    postMessage: new PostMessageUseCase(commands, store, clock),
  };
}

/** Writes G groups of M members (`bench-g{g}`, members `u0` (the creator) to `u{M-1}`) into an embedded store. */
export async function seedGroups(dataDir: string, groups: number, members: number): Promise<void> {
  const store = await LevelEventStore.open(dataDir);
  try {
    const app = commandSide(store);
    await Promise.all(
      Array.from({ length: groups }, async (_, group) => {
        await app.createGroup.execute({ groupId: groupId(group), createdBy: userId(0) });
        for (let member = 1; member < members; member++) {
          await app.addMember.execute({ groupId: groupId(group), memberId: userId(member) });
        }
      }),
    );
  } finally {
    await store.close();
  }
}
