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
 * leaves. Online means online on any instance: with several, each one's connections are leased to the others through
 * the broker and expire with the instance that holds them.
 */
export interface PresenceRegistry {
  /** Registers a connection; `firstConnection` tells whether the user just came online in the group. */
  connect(groupId: GroupId, userId: UserId, connectionId: string): Promise<{ readonly firstConnection: boolean }>;

  /**
   * Removes a connection; `lastConnection` tells whether the user just went offline in the group. `announce: false`
   * (a removed member) asks that no instance tell the group's members about it: they were told the member left.
   */
  disconnect(
    groupId: GroupId,
    userId: UserId,
    connectionId: string,
    options?: { readonly announce?: boolean },
  ): Promise<{ readonly lastConnection: boolean }>;

  /** Users with at least one open connection to the group. */
  onlineMembers(groupId: GroupId): Promise<UserId[]>;

  /** Each user online in the group, with the number of its open connections on every instance. */
  presenceIn(groupId: GroupId): Promise<{ readonly userId: UserId; readonly connections: number }[]>;

  /** Every group with open connections on this instance, for the operators' view of it. */
  groupsOnline(): Promise<GroupPresence[]>;
}
