import { PresencePublisher } from '../../application/ports/presence-notifications.port';
import { GroupPresence, PresenceRegistry } from '../../application/ports/presence.port';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { InMemoryPresenceRegistry } from '../presence/in-memory-presence.registry';
import { ClusterLink } from './cluster-link';
import { ClusterPeers } from './cluster-peers';
import { decodePresence, encode, EVERY_INSTANCE, HeartbeatGroup, MessageType, PresenceMessage } from './cluster-messages';

/**
 * Presence across instances. Each instance holds its own connections, tells the others when a user comes online or
 * goes offline on it, and repeats the whole of it in every heartbeat (so a lost message is mended within one). A user
 * is online while any live instance holds one of its connections.
 *
 * Each instance tells its own sockets about a change it sees: its own connections through the use cases (first and
 * last connection mean first and last in the whole cluster), the others' through `changes`. So each member hears of
 * each change once, whichever instances hold whose sockets; an instance that expires takes its users offline.
 */
export class ClusterPresenceRegistry implements PresenceRegistry {
  private readonly local = new InMemoryPresenceRegistry();
  /** What each other instance last said it holds: group -> user -> connections. */
  private readonly remote = new Map<string, Map<GroupId, Map<UserId, number>>>();

  constructor(
    private readonly link: ClusterLink,
    peers: ClusterPeers,
    private readonly changes: PresencePublisher,
    private readonly now: () => Date = () => new Date(),
  ) {
    link.onMessage(MessageType.presence, (body, from) => {
      const message = decodePresence(body);
      if (!message) return;
      peers.touch(from);
      this.onRemoteChange(from, message);
    });
    peers.onHeartbeat((peer, heartbeat) => this.replace(peer.instanceId, heartbeat.groups));
    peers.onGone((peer) => this.replace(peer.instanceId, []));
    peers.provide({ groups: () => this.local.snapshot() });
  }

  async connect(groupId: GroupId, userId: UserId, connectionId: string): Promise<{ firstConnection: boolean }> {
    const wasOnline = this.isOnline(groupId, userId);
    const { firstConnection: firstHere } = await this.local.connect(groupId, userId, connectionId);
    if (firstHere) this.tell({ groupId, userId, online: true, announce: true, at: this.now().toISOString() });
    return { firstConnection: !wasOnline };
  }

  async disconnect(
    groupId: GroupId,
    userId: UserId,
    connectionId: string,
    { announce = true }: { readonly announce?: boolean } = {},
  ): Promise<{ lastConnection: boolean }> {
    const { lastConnection: lastHere } = await this.local.disconnect(groupId, userId, connectionId);
    if (lastHere) this.tell({ groupId, userId, online: false, announce, at: this.now().toISOString() });
    return { lastConnection: lastHere && !this.isOnline(groupId, userId) };
  }

  async onlineMembers(groupId: GroupId): Promise<UserId[]> {
    const users = new Set(await this.local.onlineMembers(groupId));
    for (const groups of this.remote.values()) for (const userId of groups.get(groupId)?.keys() ?? []) users.add(userId);
    return [...users];
  }

  async presenceIn(groupId: GroupId): Promise<{ userId: UserId; connections: number }[]> {
    const connections = new Map<UserId, number>();
    for (const { userId, connections: here } of await this.local.presenceIn(groupId)) connections.set(userId, here);
    for (const groups of this.remote.values()) {
      for (const [userId, there] of groups.get(groupId) ?? []) connections.set(userId, (connections.get(userId) ?? 0) + there);
    }
    return [...connections].map(([userId, count]) => ({ userId, connections: count }));
  }

  /** This instance's own groups; the others' are in their heartbeats (ClusterPeers). */
  groupsOnline(): Promise<GroupPresence[]> {
    return this.local.groupsOnline();
  }

  private tell(message: PresenceMessage): void {
    this.link.publish(EVERY_INSTANCE, MessageType.presence, encode(message));
  }

  private onRemoteChange(instanceId: string, { groupId, userId, online, announce, at }: PresenceMessage): void {
    const wasOnline = this.isOnline(groupId, userId);
    let groups = this.remote.get(instanceId);
    if (!groups) this.remote.set(instanceId, (groups = new Map()));
    let users = groups.get(groupId);
    if (online) {
      if (!users) groups.set(groupId, (users = new Map()));
      users.set(userId, Math.max(1, users.get(userId) ?? 0));
    } else if (users) {
      users.delete(userId);
      if (users.size === 0) groups.delete(groupId);
    }
    if (this.isOnline(groupId, userId) !== wasOnline && (online || announce)) {
      this.changes.publish({ groupId, userId, change: online ? 'connected' : 'disconnected', at });
    }
  }

  /**
   * Takes what an instance holds from its heartbeat (or nothing, once it is gone), and announces what that changes:
   * the connections of an instance that expired, or a presence message that was lost.
   */
  private replace(instanceId: string, heartbeatGroups: readonly HeartbeatGroup[]): void {
    const before = this.remote.get(instanceId) ?? new Map<GroupId, Map<UserId, number>>();
    const after = new Map<GroupId, Map<UserId, number>>();
    for (const { groupId, users } of heartbeatGroups) {
      if (typeof groupId !== 'string' || !Array.isArray(users)) continue;
      const online = new Map<UserId, number>();
      for (const entry of users) if (Array.isArray(entry) && typeof entry[0] === 'string') online.set(entry[0], Number(entry[1]) || 1);
      if (online.size > 0) after.set(groupId, online);
    }
    const touched: [GroupId, UserId, boolean][] = [];
    for (const [groupId, users] of before) {
      for (const userId of users.keys()) if (!after.get(groupId)?.has(userId)) touched.push([groupId, userId, this.isOnline(groupId, userId)]);
    }
    for (const [groupId, users] of after) {
      for (const userId of users.keys()) if (!before.get(groupId)?.has(userId)) touched.push([groupId, userId, this.isOnline(groupId, userId)]);
    }
    if (after.size > 0) this.remote.set(instanceId, after);
    else this.remote.delete(instanceId);
    const at = this.now().toISOString();
    for (const [groupId, userId, wasOnline] of touched) {
      const online = this.isOnline(groupId, userId);
      if (online !== wasOnline) this.changes.publish({ groupId, userId, change: online ? 'connected' : 'disconnected', at });
    }
  }

  private isOnline(groupId: GroupId, userId: UserId): boolean {
    if (this.local.isOnline(groupId, userId)) return true;
    for (const groups of this.remote.values()) if (groups.get(groupId)?.has(userId)) return true;
    return false;
  }
}
