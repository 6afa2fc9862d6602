import { GroupEvent, isGroupEventType } from '../domain/group/events/group-event';
import { EventMetadata, RecordedEvent } from './ports/event-store.port';
import { RecordedGroupEvent } from './recorded-group-event';

/** A stored event that this version of the service cannot read: newer schema, or a type it does not know. */
export class UnreadableEventError extends Error {
  constructor(event: RecordedEvent) {
    super(`event ${event.streamId}@${event.version} of type ${event.type} v${event.schemaVersion} cannot be read`);
    this.name = 'UnreadableEventError';
  }
}

/**
 * The record of `event` as the `version`-th of `groupId`: the one object that is stored and published. Always built
 * with the same fields in the same order, so that every event record shares one shape in V8.
 */
export function recordGroupEvent(
  event: GroupEvent,
  groupId: string,
  version: number,
  eventId: string,
  recordedAt: string,
  metadata: EventMetadata,
): RecordedGroupEvent {
  const { type, schemaVersion, data } = event;
  return { streamId: groupId, version, eventId, type, schemaVersion, data, recordedAt, metadata } as RecordedGroupEvent;
}

/** A stored event read back, checked to be one this version knows; where an older schema would be upcast. */
export function readGroupEvent(recorded: RecordedEvent): RecordedGroupEvent {
  if (!isGroupEventType(recorded.type) || recorded.schemaVersion !== 1) throw new UnreadableEventError(recorded);
  return recorded as RecordedGroupEvent;
}
