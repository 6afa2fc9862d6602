import { GroupEvent, isGroupEventType } from '../domain/group/events/group-event';
import { MESSAGE_POSTED } from '../domain/group/events/message-posted.event';
import { EventMetadata, NewEvent, RecordedEvent } from './ports/event-store.port';
import { RecordedGroupEvent } from './recorded-group-event';

/** A stored event that this version of the service cannot read: newer schema, or a type it does not know. */
export class UnreadableEventError extends Error {
  constructor(event: RecordedEvent) {
    super(`event ${event.streamId}@${event.version} of type ${event.type} v${event.schemaVersion} cannot be read`);
    this.name = 'UnreadableEventError';
  }
}

export function toNewEvent(event: GroupEvent, eventId: string, recordedAt: string, metadata: EventMetadata): NewEvent {
  return {
    eventId,
    type: event.type,
    schemaVersion: event.schemaVersion,
    data: event.data,
    recordedAt,
    metadata,
    ...(event.type === MESSAGE_POSTED && { messageSeq: event.data.seq }),
  };
}

/** Where an older schema version would be upcast to the current one, when there is one. */
export function toGroupEvent(recorded: RecordedEvent): GroupEvent {
  if (!isGroupEventType(recorded.type) || recorded.schemaVersion !== 1) throw new UnreadableEventError(recorded);
  return { type: recorded.type, schemaVersion: 1, data: recorded.data } as GroupEvent;
}

export function toRecordedGroupEvent(recorded: RecordedEvent): RecordedGroupEvent {
  return {
    groupId: recorded.streamId,
    version: recorded.version,
    eventId: recorded.eventId,
    recordedAt: recorded.recordedAt,
    metadata: recorded.metadata,
    event: toGroupEvent(recorded),
  };
}
