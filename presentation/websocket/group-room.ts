import { GroupEventSubscriber } from '../../application/ports/group-event-publisher.port';
import { PresenceChange, PresenceSubscriber } from '../../application/ports/presence-notifications.port';
import { RecordedGroupEvent } from '../../application/recorded-group-event';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { ChatConnection } from './chat-connection';
import { Closing } from './chat-refusals';
import { CloseReason } from './close-codes';
import { textFrame } from './text-frame';
import { encodeInformation, encodeNewMessage, InformationText } from './v1-frame.codec';
import { ChatSocketObserver, SocketCounts } from './websocket.metrics';

/**
 * The sockets of one group on this instance, and the single subscription that feeds them: each stored event is
 * encoded once and the same bytes are written to every socket, in the order the bus delivers them (the group's
 * version order), so every member sees one order and no recipient costs a store read.
 */
export class GroupRoom {
  /** Sockets whose membership check is under way: they get no frames, but a removal or deletion closes them. */
  private readonly connecting = new Set<ChatConnection>();
  private readonly open = new Set<ChatConnection>();
  private readonly unsubscribe: (() => void)[];

  constructor(
    readonly groupId: GroupId,
    events: GroupEventSubscriber,
    presence: PresenceSubscriber,
    private readonly onEmpty: (room: GroupRoom) => void,
    private readonly observer?: ChatSocketObserver,
  ) {
    this.unsubscribe = [
      events.subscribe(groupId, (event) => this.onGroupEvent(event)),
      presence.subscribe(groupId, (change) => this.onPresenceChange(change)),
    ];
  }

  /**
   * Joins before the membership check, so that a removal stored while the check runs still reaches the socket:
   * whatever the check read, the event arrives after this.
   */
  add(connection: ChatConnection): void {
    this.connecting.add(connection);
  }

  /** The check passed: the socket now gets every frame. False when it was closed meanwhile. */
  activate(connection: ChatConnection): boolean {
    if (!this.connecting.delete(connection) || connection.hasEnded) return false;
    this.open.add(connection);
    return true;
  }

  remove(connection: ChatConnection): void {
    this.connecting.delete(connection);
    this.open.delete(connection);
    if (this.connecting.size === 0 && this.open.size === 0) {
      for (const stop of this.unsubscribe.splice(0)) stop();
      this.onEmpty(this);
    }
  }

  /** Sockets open in this room, and how many distinct users hold them. */
  counts(): SocketCounts {
    return { connections: this.open.size, onlineMembers: new Set([...this.open].map((c) => c.userId)).size };
  }

  private onGroupEvent({ event, recordedAt }: RecordedGroupEvent): void {
    switch (event.type) {
      case 'MessagePosted':
        this.broadcast(encodeNewMessage(event.data));
        return this.observer?.fannedOut(recordedAt);
      case 'MemberAdded':
        return this.broadcast(encodeInformation(InformationText.joined, event.data.memberId, event.data.at));
      case 'MemberRemoved':
        // The removed member hears it too, then its sockets are closed.
        this.broadcast(encodeInformation(InformationText.left, event.data.memberId, event.data.at));
        return this.closeWhere((connection) => connection.userId === event.data.memberId, Closing.removed);
      case 'GroupDeleted':
        return this.closeWhere(() => true, Closing.groupDeleted);
      case 'GroupCreated':
        return;
    }
  }

  /** Told to the other members: the user's own sockets know whether they are connected. */
  private onPresenceChange({ userId, change, at }: PresenceChange): void {
    const text = change === 'connected' ? InformationText.connected : InformationText.disconnected;
    this.broadcast(encodeInformation(text, userId, at), userId);
  }

  private broadcast(frame: string, exceptUser?: UserId): void {
    const bytes = textFrame(frame);
    let recipients = 0;
    for (const connection of this.open) {
      if (connection.userId !== exceptUser) {
        connection.send(bytes);
        recipients++;
      }
    }
    this.observer?.delivered(recipients);
  }

  private closeWhere(predicate: (connection: ChatConnection) => boolean, reason: CloseReason): void {
    for (const connection of [...this.connecting, ...this.open]) {
      if (predicate(connection)) connection.close(reason);
    }
  }
}
