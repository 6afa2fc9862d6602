import { GroupId } from '../../domain/group/identifiers';

/**
 * One topic per group, in this process: what is published for a group reaches its listeners synchronously, in the
 * order published. A listener that throws is reported and the others are served regardless.
 */
export class GroupTopics<Item> {
  private readonly listeners = new Map<GroupId, Set<(item: Item) => void>>();

  constructor(private readonly onListenerError: (error: unknown, item: Item) => void = () => {}) {}

  publish(groupId: GroupId, item: Item): void {
    const listeners = this.listeners.get(groupId);
    if (!listeners) return;
    if (listeners.size === 1) return this.deliver(listeners.values().next().value!, item);
    // A copy: a listener may unsubscribe (a socket closing) while the others are being served.
    for (const listener of [...listeners]) this.deliver(listener, item);
  }

  private deliver(listener: (item: Item) => void, item: Item): void {
    try {
      listener(item);
    } catch (error) {
      this.onListenerError(error, item);
    }
  }

  /** Whether anyone listens to the group in this process. */
  has(groupId: GroupId): boolean {
    return this.listeners.has(groupId);
  }

  subscribe(groupId: GroupId, listener: (item: Item) => void): () => void {
    let listeners = this.listeners.get(groupId);
    if (!listeners) this.listeners.set(groupId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      // Forget a group nobody listens to, or the map would grow with every group ever watched.
      if (listeners.size === 0 && this.listeners.get(groupId) === listeners) this.listeners.delete(groupId);
    };
  }
}
