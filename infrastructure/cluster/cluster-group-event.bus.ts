import { GroupEventBus, GroupEventListener, MissedEvents } from '../../application/ports/group-event-publisher.port';
import { readGroupEvent } from '../../application/group-event.codec';
import { RecordedGroupEvent } from '../../application/recorded-group-event';
import { GroupId } from '../../domain/group/identifiers';
import { GroupTopics } from '../messaging/group-topics';
import { ClusterLink } from './cluster-link';
import { ClusterPeers } from './cluster-peers';
import { decodeEvents, encode, groupKey, MessageType } from './cluster-messages';

/** Groups a heartbeat lists as written; past it, the heartbeat says that every group may have moved. */
const MAX_WRITTEN_PER_HEARTBEAT = 10_000;

/**
 * Stored events between instances: this instance's own reach its listeners at once, in process, and go to the broker
 * under their group's key, to the instances that serve the group. What the broker may lose is announced as well:
 * each heartbeat lists the last version written of every group written within one lease (`retainMs`), so that a loss
 * shorter than a lease is named by a heartbeat that got through, and a longer one expires this instance for the others
 * (which then read every group); a link that was down means any group may have moved. LiveGroupEvents reads the store
 * on each of these.
 */
export class ClusterGroupEventBus implements GroupEventBus {
  private readonly topics: GroupTopics<RecordedGroupEvent>;
  /** Group -> last version written and when, for the groups written within `retainMs`. */
  private readonly written = new Map<GroupId, { version: number; at: number }>();
  private overflowUntil = 0;
  private readonly missedHandlers: ((missed: MissedEvents) => void)[] = [];
  /** The broker binding of each group listened to (under way or done). */
  private readonly bindings = new Map<GroupId, Promise<void>>();

  constructor(
    private readonly link: ClusterLink,
    peers: ClusterPeers,
    private readonly retainMs: number,
    onListenerError?: (error: unknown, event: RecordedGroupEvent) => void,
    private readonly onUndecodable: () => void = () => {},
    private readonly now: () => number = Date.now,
  ) {
    this.topics = new GroupTopics(onListenerError);
    link.onMessage(MessageType.events, (body) => this.receive(body));
    link.onLinked(() => this.missed({ allGroups: true, why: 'linked to the other instances again' }));
    peers.onAppeared((peer) => {
      // New to this instance, or back after it expired: what it stored while nobody heard it was never announced.
      this.missed({ allGroups: true, why: `instance ${peer.instanceId} appeared` });
    });
    peers.onGone((peer, why) => {
      // One that stopped published all it stored first; one that died may have stored events it never published.
      if (why === 'expired') this.missed({ allGroups: true, why: `instance ${peer.instanceId} expired` });
    });
    peers.onHeartbeat((_peer, heartbeat) => {
      if (heartbeat.writtenOverflow) this.missed({ allGroups: true, why: 'a heartbeat listed too many groups' });
      for (const entry of heartbeat.written) {
        if (Array.isArray(entry) && typeof entry[0] === 'string' && Number.isSafeInteger(entry[1])) {
          this.missed({ groupId: entry[0], atLeastVersion: entry[1] });
        }
      }
    });
    peers.provide({ written: () => this.recentlyWritten() });
  }

  publish(events: readonly RecordedGroupEvent[]): void {
    if (events.length === 0) return;
    for (const event of events) this.topics.publish(event.streamId, event);
    // One append is one group's; a list that mixes groups is split so that each goes under its own key.
    const groupId = events[0].streamId;
    const oneGroup = events.every((event) => event.streamId === groupId);
    const batches = oneGroup ? [events] : [...groupBy(events).values()];
    for (const batch of batches) {
      const last = batch[batch.length - 1];
      this.noteWritten(last.streamId, last.version);
      this.link.publish(groupKey(last.streamId), MessageType.events, encode(batch));
    }
  }

  async listen(groupId: GroupId, listener: GroupEventListener): Promise<() => void> {
    const stop = this.topics.subscribe(groupId, listener);
    let binding = this.bindings.get(groupId);
    if (!binding) this.bindings.set(groupId, (binding = this.link.bind(groupKey(groupId))));
    // Every listener waits for the binding, not only the first: one that comes while it is under way would otherwise
    // be told it hears everything before the broker routes anything to it.
    await binding;
    return () => {
      stop();
      if (this.topics.has(groupId)) return;
      this.bindings.delete(groupId);
      this.link.unbind(groupKey(groupId));
    };
  }

  onMissed(handler: (missed: MissedEvents) => void): void {
    this.missedHandlers.push(handler);
  }

  private receive(body: Buffer): void {
    let events: RecordedGroupEvent[] | undefined;
    try {
      // As if read from the store: the same checks of type and schema version.
      events = decodeEvents(body)?.map(readGroupEvent);
    } catch {
      events = undefined;
    }
    // Dropped: if it was an event, the gap it leaves is read from the store.
    if (!events) return this.onUndecodable();
    for (const event of events) this.topics.publish(event.streamId, event);
  }

  private missed(missed: MissedEvents): void {
    for (const handler of this.missedHandlers) handler(missed);
  }

  private noteWritten(groupId: GroupId, version: number): void {
    const at = this.now();
    if (this.written.size >= MAX_WRITTEN_PER_HEARTBEAT && !this.written.has(groupId)) {
      this.overflowUntil = at + this.retainMs;
      return;
    }
    // Deleted first, so that the map stays in the order of writing and pruning stops at the first recent entry.
    this.written.delete(groupId);
    this.written.set(groupId, { version, at });
  }

  private recentlyWritten(): { written: [GroupId, number][]; overflow: boolean } {
    const since = this.now() - this.retainMs;
    for (const [groupId, { at }] of this.written) {
      if (at >= since) break;
      this.written.delete(groupId);
    }
    return {
      written: [...this.written].map(([groupId, { version }]): [GroupId, number] => [groupId, version]),
      overflow: this.now() < this.overflowUntil,
    };
  }
}

function groupBy(events: readonly RecordedGroupEvent[]): Map<GroupId, RecordedGroupEvent[]> {
  const groups = new Map<GroupId, RecordedGroupEvent[]>();
  for (const event of events) {
    let batch = groups.get(event.streamId);
    if (!batch) groups.set(event.streamId, (batch = []));
    batch.push(event);
  }
  return groups;
}
