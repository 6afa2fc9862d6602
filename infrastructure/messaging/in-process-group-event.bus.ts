import {
  GroupEventListener,
  GroupEventPublisher,
  GroupEventSubscriber,
} from '../../application/ports/group-event-publisher.port';
import { RecordedGroupEvent } from '../../application/recorded-group-event';
import { GroupId } from '../../domain/group/identifiers';
import { GroupTopics } from './group-topics';

/**
 * Delivers a group's stored events to the listeners of this process, synchronously and in the order published
 * (which, per group, is version order: the command handler publishes one group's commands one at a time).
 */
export class InProcessGroupEventBus implements GroupEventPublisher, GroupEventSubscriber {
  private readonly topics: GroupTopics<RecordedGroupEvent>;

  /** `onListenerError` hears of a listener that threw; the other listeners are served regardless. */
  constructor(onListenerError?: (error: unknown, event: RecordedGroupEvent) => void) {
    this.topics = new GroupTopics(onListenerError);
  }

  publish(events: readonly RecordedGroupEvent[]): void {
    for (const event of events) this.topics.publish(event.streamId, event);
  }

  subscribe(groupId: GroupId, listener: GroupEventListener): () => void {
    return this.topics.subscribe(groupId, listener);
  }
}
