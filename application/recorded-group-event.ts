import { GroupEvent } from '../domain/group/events/group-event';
import { GroupId } from '../domain/group/identifiers';
import { EventMetadata } from './ports/event-store.port';

/** A domain event as the store recorded it: what subscribers (sockets, streams, other instances) receive. */
export interface RecordedGroupEvent {
  readonly groupId: GroupId;
  readonly version: number;
  readonly eventId: string;
  readonly recordedAt: string;
  readonly metadata: EventMetadata;
  readonly event: GroupEvent;
}
