import {
  PresenceChange,
  PresenceListener,
  PresencePublisher,
  PresenceSubscriber,
} from '../../application/ports/presence-notifications.port';
import { GroupId } from '../../domain/group/identifiers';
import { GroupTopics } from '../messaging/group-topics';

/**
 * Delivers presence changes to the listeners of this process, synchronously and in the order published. Enough for
 * one instance; several instances need a broker-backed implementation of the same ports.
 */
export class InProcessPresenceBus implements PresencePublisher, PresenceSubscriber {
  private readonly topics: GroupTopics<PresenceChange>;

  /** `onListenerError` hears of a listener that threw; the other listeners are served regardless. */
  constructor(onListenerError?: (error: unknown, change: PresenceChange) => void) {
    this.topics = new GroupTopics(onListenerError);
  }

  publish(change: PresenceChange): void {
    this.topics.publish(change.groupId, change);
  }

  subscribe(groupId: GroupId, listener: PresenceListener): () => void {
    return this.topics.subscribe(groupId, listener);
  }
}
