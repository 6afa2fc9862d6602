import { GroupId, UserId } from '../../domain/group/identifiers';

/** A user came online in a group (first open connection) or went offline (last one closed). */
export interface PresenceChange {
  readonly groupId: GroupId;
  readonly userId: UserId;
  readonly change: 'connected' | 'disconnected';
  /** ISO-8601 UTC instant of the change. */
  readonly at: string;
}

/**
 * Tells whoever serves a group's clients that a member came online or went offline. Presence is not event-sourced
 * (it is a fact about live sockets, not history), so these changes travel beside the stored events, not through the
 * store. In-process for one instance; a broker-backed implementation lets the sockets of other instances hear them.
 */
export interface PresencePublisher {
  publish(change: PresenceChange): void;
}

export type PresenceListener = (change: PresenceChange) => void;

/** The receiving side of the publisher, for adapters that push presence to clients. */
export interface PresenceSubscriber {
  /** Listens to one group's presence changes; returns the function that stops listening. */
  subscribe(groupId: GroupId, listener: PresenceListener): () => void;
}
