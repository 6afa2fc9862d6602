/**
 * The service's own application (composeChat, as the service composes it), to seed groups into a data directory
 * before the service starts, and for the event-store benchmark. The service never imports this.
 */
import { EventStore } from '../application/ports/event-store.port';
import { MessageIndex } from '../application/ports/message-index.port';
import { composeChat, DEFAULT_CHAT_SETTINGS } from '../entrypoint/compose-chat';
import { LevelEventStore } from '../infrastructure/event-store/level/level-event-store';
import { groupId, userId } from './protocol';

export { LevelEventStore };
/** A store and the message index it keeps, as every store of the service is. */
export type IndexedEventStore = EventStore & MessageIndex;

/** The command side of one service process over `store`, with the service's defaults. */
export function commandSide(store: IndexedEventStore, snapshotEvery = DEFAULT_CHAT_SETTINGS.commands.snapshotEvery) {
  return composeChat(store, { ...DEFAULT_CHAT_SETTINGS, commands: { ...DEFAULT_CHAT_SETTINGS.commands, snapshotEvery } });
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
