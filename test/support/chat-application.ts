import { EventStore } from '../../application/ports/event-store.port';
import { MessageIndex } from '../../application/ports/message-index.port';
import { GroupRules } from '../../domain/group/group.rules';
import { composeChat, DEFAULT_CHAT_SETTINGS } from '../../entrypoint/compose-chat';

export interface ChatApplicationOptions {
  readonly rules?: Partial<GroupRules>;
  readonly snapshotEvery?: number;
  readonly maxPageSize?: number;
  readonly commands?: Partial<{ maxAttempts: number; cachedGroups: number; onConcurrencyRetry: (groupId: string, attempt: number) => void }>;
}

/**
 * The application over a given store, as the service composes it (composeChat), without Nest: one "process" of the
 * service. Two of them over one store behave like two instances.
 */
export function chatApplication(store: EventStore & MessageIndex, options: ChatApplicationOptions = {}) {
  const defaults = DEFAULT_CHAT_SETTINGS;
  return composeChat(store, {
    groupRules: { ...defaults.groupRules, ...options.rules },
    commands: {
      ...defaults.commands,
      cachedGroups: 1000,
      ...(options.snapshotEvery !== undefined && { snapshotEvery: options.snapshotEvery }),
      ...options.commands,
    },
    history: { maxPageSize: options.maxPageSize ?? defaults.history.maxPageSize },
    live: defaults.live,
  });
}
