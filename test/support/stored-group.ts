import { GroupRepository } from '../../application/group.repository';
import { GroupState } from '../../domain/group/group.state';
import { groupDecider } from '../../domain/group/group.decider';
import { LevelEventStore } from '../../infrastructure/event-store/level/level-event-store';
import { RandomUuidGenerator } from '../../infrastructure/system/random-uuid.generator';

export interface StoredGroup {
  readonly state: GroupState;
  /** Every event of the group's stream, in order: shows what was recorded, not only where it ended. */
  readonly eventTypes: string[];
  /** The same events with their data. */
  readonly events: { readonly type: string; readonly data: Record<string, unknown> }[];
}

/**
 * What a stopped service stored about a group, read from its embedded store with the application's own classes
 * (LevelDB admits one process per directory, so the service must have stopped).
 */
export async function readStoredGroups(dataDir: string, groupIds: string[]): Promise<Record<string, StoredGroup>> {
  const store = await LevelEventStore.open(dataDir);
  try {
    const groups = new GroupRepository(store, groupDecider(), new RandomUuidGenerator(), 100);
    const result: Record<string, StoredGroup> = {};
    for (const groupId of groupIds) {
      const events = await store.readStream(groupId);
      result[groupId] = {
        state: (await groups.load(groupId)).state,
        eventTypes: events.map((event) => event.type),
        events: events.map(({ type, data }) => ({ type, data: data as Record<string, unknown> })),
      };
    }
    return result;
  } finally {
    await store.close();
  }
}

/** The members of an active group, or its status when it is not active. */
export function membersOrStatus(group: StoredGroup): string[] | 'unknown' | 'deleted' {
  return group.state.status === 'active' ? [...group.state.members] : group.state.status;
}
