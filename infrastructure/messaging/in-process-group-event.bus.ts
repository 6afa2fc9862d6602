import { GroupEventBus, GroupEventListener } from '../../application/ports/group-event-publisher.port';
import { RecordedGroupEvent } from '../../application/recorded-group-event';
import { GroupId } from '../../domain/group/identifiers';
import { GroupTopics } from './group-topics';

/**
 * The bus of a service that runs alone: a group's stored events reach the listeners of this process synchronously, in
 * the order published (version order: the command pipeline publishes one group's commands one at a time), and none is
 * ever missed.
 */
export class InProcessGroupEventBus implements GroupEventBus {
  private readonly topics: GroupTopics<RecordedGroupEvent>;

  /** `onListenerError` hears of a listener that threw; the other listeners are served regardless. */
  constructor(onListenerError?: (error: unknown, event: RecordedGroupEvent) => void) {
    this.topics = new GroupTopics(onListenerError);
  }

  publish(events: readonly RecordedGroupEvent[]): void {
    for (const event of events) this.topics.publish(event.streamId, event);
  }

  async listen(groupId: GroupId, listener: GroupEventListener): Promise<() => void> {
    return this.topics.subscribe(groupId, listener);
  }

  onMissed(): void {
    // Nothing published in this process can be missed by it.
  }
}
