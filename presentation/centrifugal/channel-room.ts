import { GroupEventSubscriber } from '../../application/ports/group-event-publisher.port';
import { PresenceChange, PresenceSubscriber } from '../../application/ports/presence-notifications.port';
import { RecordedGroupEvent } from '../../application/recorded-group-event';
import { GroupId } from '../../domain/group/identifiers';
import { ChannelSubscription } from './channel-subscription';
import { Unsubscribes } from './protocol';
import { textFrame } from '../websocket/text-frame';
import { ChatSocketObserver } from '../websocket/websocket.metrics';
import { joinPush, leavePush, publicationPush } from './pushes';

/**
 * The v2 subscriptions of one group (one channel) on this instance, and the single subscription to its live events
 * that feeds them: each push is encoded once, as a complete WebSocket frame, and the same bytes go to every subscriber,
 * in the group's version order.
 */
/** A push waiting for the end of its burst; `only` picks its recipients when not every subscriber gets it. */
interface QueuedPush {
  readonly frame: Buffer;
  /** A publication's offset (and when it was stamped, for the fan-out metric). */
  readonly publication?: { readonly offset: number; readonly recordedAt: string };
  readonly only?: (subscription: ChannelSubscription) => boolean;
}

export class ChannelRoom {
  private readonly subscriptions = new Set<ChannelSubscription>();
  private readonly stop: (() => void)[];
  private queued: QueuedPush[] = [];
  /** Resolves once every event stored from then on reaches this room (GroupSubscription.ready). */
  readonly ready: Promise<void>;

  constructor(
    readonly groupId: GroupId,
    events: GroupEventSubscriber,
    presence: PresenceSubscriber,
    private readonly onEmpty: (room: ChannelRoom) => void,
    /** The same delivery and fan-out metrics as v1's sockets. */
    private readonly observer?: ChatSocketObserver,
  ) {
    const subscription = events.subscribe(groupId, (event) => this.onGroupEvent(event));
    this.ready = subscription.ready;
    this.stop = [() => subscription.unsubscribe(), presence.subscribe(groupId, (change) => this.onPresenceChange(change))];
  }

  add(subscription: ChannelSubscription): void {
    this.subscriptions.add(subscription);
  }

  remove(subscription: ChannelSubscription): void {
    if (!this.subscriptions.delete(subscription) || this.subscriptions.size > 0) return;
    for (const stop of this.stop.splice(0)) stop();
    this.onEmpty(this);
  }

  get size(): number {
    return this.subscriptions.size;
  }

  private onGroupEvent(event: RecordedGroupEvent): void {
    switch (event.type) {
      case 'MessagePosted':
        return this.broadcast({
          frame: textFrame(publicationPush(this.groupId, event.data)),
          publication: { offset: event.data.seq, recordedAt: event.recordedAt },
        });
      case 'MemberRemoved': {
        const removed = event.data.memberId;
        // What was queued before the removal is still the removed member's to read.
        this.flush();
        for (const subscription of [...this.subscriptions]) if (subscription.userId === removed) subscription.endByServer(Unsubscribes.removed);
        return this.broadcast({ frame: textFrame(leavePush(this.groupId, removed)), only: (subscription) => subscription.joinLeave });
      }
      case 'GroupDeleted':
        this.flush();
        for (const subscription of [...this.subscriptions]) subscription.endByServer(Unsubscribes.groupDeleted);
        return;
      case 'GroupCreated':
      case 'GroupAdopted':
      case 'MemberAdded':
        // A member added is not online yet: it joins when it subscribes.
        return;
    }
  }

  /** Told to the channel's other subscribers that asked for join and leave pushes; never to the user's own. */
  private onPresenceChange({ userId, change }: PresenceChange): void {
    this.broadcast({
      frame: textFrame(change === 'connected' ? joinPush(this.groupId, userId) : leavePush(this.groupId, userId)),
      only: (subscription) => subscription.joinLeave && subscription.userId !== userId,
    });
  }

  /**
   * Pushes of one burst (the events of one batched append) go out together at the end of the current job: one buffer
   * and one write per subscriber, as v1's frames do. A lone push is written as it is; nothing waits for a timer.
   */
  private broadcast(push: QueuedPush): void {
    if (this.queued.length === 0) queueMicrotask(this.flush);
    this.queued.push(push);
  }

  private readonly flush = (): void => {
    const pushes = this.queued;
    if (pushes.length === 0) return;
    this.queued = [];
    // One pass over the burst (this runs for every stored message): whether every push is for everyone, and its
    // publications' count and first and last offsets.
    let everyone = true;
    let publications = 0;
    let firstOffset: number | undefined;
    let lastOffset: number | undefined;
    for (const push of pushes) {
      if (push.only !== undefined) everyone = false;
      if (push.publication === undefined) continue;
      publications++;
      firstOffset ??= push.publication.offset;
      lastOffset = push.publication.offset;
    }
    const whole = everyone ? (pushes.length === 1 ? pushes[0].frame : Buffer.concat(pushes.map((push) => push.frame))) : undefined;
    let delivered = 0;
    for (const subscription of this.subscriptions) {
      if (whole && subscription.takesBurstFrom(firstOffset)) {
        subscription.deliverBurst(whole, lastOffset);
        delivered += publications;
        continue;
      }
      // While subscribing (held one by one, by offset), when some push is not for everyone, or some was given already.
      for (const push of pushes) {
        if (push.only && !push.only(subscription)) continue;
        if (subscription.deliver(push.frame, push.publication?.offset) && push.publication) delivered++;
      }
    }
    this.observer?.delivered(delivered);
    for (const push of pushes) if (push.publication) this.observer?.fannedOut(push.publication.recordedAt);
  };
}
