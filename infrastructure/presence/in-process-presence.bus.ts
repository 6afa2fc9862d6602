import {
  PresenceChange,
  PresenceListener,
  PresencePublisher,
  PresenceSubscriber,
} from '../../application/ports/presence-notifications.port';
import { GroupId } from '../../domain/group/identifiers';

/**
 * Delivers presence changes to the listeners of this process, synchronously and in the order published. Enough for
 * one instance; several instances need a broker-backed implementation of the same ports.
 */
export class InProcessPresenceBus implements PresencePublisher, PresenceSubscriber {
  private readonly listeners = new Map<GroupId, Set<PresenceListener>>();

  /** `onListenerError` hears of a listener that threw; the other listeners are served regardless. */
  constructor(private readonly onListenerError: (error: unknown, change: PresenceChange) => void = () => {}) {}

  publish(change: PresenceChange): void {
    for (const listener of [...(this.listeners.get(change.groupId) ?? [])]) {
      try {
        listener(change);
      } catch (error) {
        this.onListenerError(error, change);
      }
    }
  }

  subscribe(groupId: GroupId, listener: PresenceListener): () => void {
    let listeners = this.listeners.get(groupId);
    if (!listeners) this.listeners.set(groupId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(groupId) === listeners) this.listeners.delete(groupId);
    };
  }
}
