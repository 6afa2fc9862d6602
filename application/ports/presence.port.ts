import { GroupId, UserId } from '../../domain/group/identifiers';

export interface GroupPresence {
  readonly groupId: GroupId;
  /** Users with at least one open connection. */
  readonly onlineMembers: number;
  /** Open connections: a user with two devices counts twice. */
  readonly connections: number;
}

/**
 * Who is connected to which group right now. Deliberately not event-sourced: it is a fact about live sockets, not
 * history, and must vanish with them.
 *
 * Each connection is registered under its own id, so a user with several devices stays online until the last one
 * leaves. The interface is asynchronous and keyed by connection so that a shared implementation (Redis or the
 * broker) can hold the connections of several instances, each instance renewing a lease on its own so that the
 * connections of an instance that died expire by themselves.
 */
export interface PresenceRegistry {
  /** Registers a connection; `firstConnection` tells whether the user just came online in the group. */
  connect(groupId: GroupId, userId: UserId, connectionId: string): Promise<{ readonly firstConnection: boolean }>;

  /** Removes a connection; `lastConnection` tells whether the user just went offline in the group. */
  disconnect(groupId: GroupId, userId: UserId, connectionId: string): Promise<{ readonly lastConnection: boolean }>;

  /** Users with at least one open connection to the group. */
  onlineMembers(groupId: GroupId): Promise<UserId[]>;

  /** Every group with open connections, for the operators' view of an instance. */
  groupsOnline(): Promise<GroupPresence[]>;
}
