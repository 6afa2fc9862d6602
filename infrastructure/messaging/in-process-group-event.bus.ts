import {
  GroupEventListener,
  GroupEventPublisher,
  GroupEventSubscriber,
} from '../../application/ports/group-event-publisher.port';
import { RecordedGroupEvent } from '../../application/recorded-group-event';
import { GroupId } from '../../domain/group/identifiers';

/**
 * Delivers a group's stored events to the listeners of this process, synchronously and in the order published
 * (which, per group, is version order: the command handler publishes one group's commands one at a time).
 */
export class InProcessGroupEventBus implements GroupEventPublisher, GroupEventSubscriber {
  private readonly listeners = new Map<GroupId, Set<GroupEventListener>>();

  /** `onListenerError` hears of a listener that threw; the other listeners are served regardless. */
  constructor(private readonly onListenerError: (error: unknown, event: RecordedGroupEvent) => void = () => {}) {}

  publish(events: readonly RecordedGroupEvent[]): void {
    for (const event of events) {
      const listeners = this.listeners.get(event.groupId);
      if (!listeners) continue;
      for (const listener of [...listeners]) {
        try {
          listener(event);
        } catch (error) {
          this.onListenerError(error, event);
        }
      }
    }
  }

  subscribe(groupId: GroupId, listener: GroupEventListener): () => void {
    let listeners = this.listeners.get(groupId);
    if (!listeners) this.listeners.set(groupId, (listeners = new Set()));
    listeners.add(listener);
    return () => {
      listeners.delete(listener);
      if (listeners.size === 0 && this.listeners.get(groupId) === listeners) this.listeners.delete(groupId);
    };
  }
}
