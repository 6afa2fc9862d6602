import { GroupEventSubscriber } from '../../application/ports/group-event-publisher.port';
import { PresenceChange, PresenceSubscriber } from '../../application/ports/presence-notifications.port';
import { RecordedGroupEvent } from '../../application/recorded-group-event';
import { GroupId } from '../../domain/group/identifiers';
import { ChannelSubscription } from './channel-subscription';
import { Unsubscribes } from './protocol';
import { textFrame } from '../websocket/text-frame';
import { joinPush, leavePush, publicationPush } from './pushes';

/**
 * The v2 subscriptions of one group (one channel) on this instance, and the single subscription to its live events
 * that feeds them: each push is encoded once, as a complete WebSocket frame, and the same bytes go to every subscriber,
 * in the group's version order.
 */
export class ChannelRoom {
  private readonly subscriptions = new Set<ChannelSubscription>();
  private readonly stop: (() => void)[];
  /** Resolves once every event stored from then on reaches this room (GroupSubscription.ready). */
  readonly ready: Promise<void>;

  constructor(
    readonly groupId: GroupId,
    events: GroupEventSubscriber,
    presence: PresenceSubscriber,
    private readonly onEmpty: (room: ChannelRoom) => void,
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
      case 'MessagePosted': {
        const push = textFrame(publicationPush(this.groupId, event.data));
        for (const subscription of this.subscriptions) subscription.deliver(push, event.data.seq);
        return;
      }
      case 'MemberRemoved': {
        const removed = event.data.memberId;
        const leave = textFrame(leavePush(this.groupId, removed));
        for (const subscription of [...this.subscriptions]) {
          if (subscription.userId === removed) subscription.endByServer(Unsubscribes.removed);
          else if (subscription.joinLeave) subscription.deliver(leave);
        }
        return;
      }
      case 'GroupDeleted':
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
    const push = textFrame(change === 'connected' ? joinPush(this.groupId, userId) : leavePush(this.groupId, userId));
    for (const subscription of this.subscriptions) {
      if (subscription.joinLeave && subscription.userId !== userId) subscription.deliver(push);
    }
  }
}
