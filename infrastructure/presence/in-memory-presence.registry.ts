import { GroupPresence, PresenceRegistry } from '../../application/ports/presence.port';
import { GroupId, UserId } from '../../domain/group/identifiers';

/** Presence for a single instance: groups -> users -> their open connections, all in this process's memory. */
export class InMemoryPresenceRegistry implements PresenceRegistry {
  private readonly groups = new Map<GroupId, Map<UserId, Set<string>>>();

  async connect(groupId: GroupId, userId: UserId, connectionId: string): Promise<{ firstConnection: boolean }> {
    let users = this.groups.get(groupId);
    if (!users) this.groups.set(groupId, (users = new Map()));
    let connections = users.get(userId);
    if (!connections) users.set(userId, (connections = new Set()));
    const firstConnection = connections.size === 0;
    connections.add(connectionId);
    return { firstConnection };
  }

  async disconnect(groupId: GroupId, userId: UserId, connectionId: string): Promise<{ lastConnection: boolean }> {
    const users = this.groups.get(groupId);
    const connections = users?.get(userId);
    if (!users || !connections?.delete(connectionId)) return { lastConnection: false };
    if (connections.size > 0) return { lastConnection: false };
    users.delete(userId);
    if (users.size === 0) this.groups.delete(groupId);
    return { lastConnection: true };
  }

  isOnline(groupId: GroupId, userId: UserId): boolean {
    return this.groups.get(groupId)?.has(userId) ?? false;
  }

  /** Every group with open connections: each user online in it, with the number of its connections. */
  snapshot(): { groupId: GroupId; users: [UserId, number][] }[] {
    return [...this.groups].map(([groupId, users]) => ({
      groupId,
      users: [...users].map(([userId, connections]): [UserId, number] => [userId, connections.size]),
    }));
  }

  async presenceIn(groupId: GroupId): Promise<{ userId: UserId; connections: number }[]> {
    return [...(this.groups.get(groupId) ?? [])].map(([userId, connections]) => ({ userId, connections: connections.size }));
  }

  async onlineMembers(groupId: GroupId): Promise<UserId[]> {
    return [...(this.groups.get(groupId)?.keys() ?? [])];
  }

  async groupsOnline(): Promise<GroupPresence[]> {
    return [...this.groups].map(([groupId, users]) => ({
      groupId,
      onlineMembers: users.size,
      connections: [...users.values()].reduce((sum, connections) => sum + connections.size, 0),
    }));
  }
}
