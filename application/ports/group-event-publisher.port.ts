import { GroupId } from '../../domain/group/identifiers';
import { RecordedGroupEvent } from '../recorded-group-event';

/**
 * Tells whoever serves a group's clients that its events were stored. In-process for one instance; a broker-backed
 * implementation lets several instances serve one group. Called only after the events are durable, so nothing
 * a client is told about can be lost; a crash in between costs a notification, which clients recover by reading
 * history from their last sequence number.
 */
export interface GroupEventPublisher {
  publish(events: readonly RecordedGroupEvent[]): void;
}

export type GroupEventListener = (event: RecordedGroupEvent) => void;

/** The receiving side of the publisher, for adapters that push events to clients. */
export interface GroupEventSubscriber {
  /** Listens to one group's events in version order; returns the function that stops listening. */
  subscribe(groupId: GroupId, listener: GroupEventListener): () => void;
}
