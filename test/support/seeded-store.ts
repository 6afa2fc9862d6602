import { LevelEventStore } from '../../infrastructure/event-store/level/level-event-store';
import { chatApplication } from './chat-application';
import { temporaryDirectory } from './temporary-directory';

export interface GroupSeed {
  readonly groupId: string;
  /** The first is the creator. */
  readonly members: readonly string[];
  readonly deleted?: boolean;
}

/**
 * An embedded store prepared through the real use cases before the service opens it: how a test gets groups and
 * members without a back door into the running service.
 */
export async function seededStore(groups: readonly GroupSeed[]): Promise<{ path: string; remove(): void }> {
  const directory = temporaryDirectory('chat-seeded');
  const store = await LevelEventStore.open(directory.path);
  try {
    const app = chatApplication(store);
    for (const { groupId, members, deleted } of groups) {
      const [creator, ...others] = members;
      await app.createGroup.execute({ groupId, createdBy: creator });
      for (const memberId of others) await app.addMember.execute({ groupId, memberId });
      if (deleted) await app.deleteGroup.execute({ groupId });
    }
  } finally {
    await store.close();
  }
  return directory;
}

/** Reads a group's last messages from a stopped service's store, oldest first. */
export async function storedMessages(dataDir: string, groupId: string, count: number) {
  const store = await LevelEventStore.open(dataDir);
  try {
    return await chatApplication(store).lastMessages.execute(groupId, count);
  } finally {
    await store.close();
  }
}
