import { GroupEvent } from '../domain/group/events/group-event';
import { RecordedEvent } from './ports/event-store.port';

/**
 * A domain event as the store recorded it: built once per event when it is appended, kept by the store as it is, and
 * the very object subscribers (sockets, streams, other instances) receive. `streamId` is the group's id.
 */
export type RecordedGroupEvent = RecordedEvent & GroupEvent;
