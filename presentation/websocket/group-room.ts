import { GroupEventSubscriber } from '../../application/ports/group-event-publisher.port';
import { PresenceChange, PresenceSubscriber } from '../../application/ports/presence-notifications.port';
import { RecordedGroupEvent } from '../../application/recorded-group-event';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { ChatConnection } from './chat-connection';
import { Closing, CloseReason } from './close-codes';
import { textFrame } from './text-frame';
import { encodeInformation, encodeNewMessage, InformationText } from './v1-frame.codec';
import { ChatSocketObserver, SocketCounts } from './websocket.metrics';

/** A frame waiting for the end of its burst, and the user whose own sockets do not get it (presence), if any. */
interface QueuedFrame {
  readonly bytes: Buffer;
  readonly exceptUser: UserId | undefined;
  readonly recordedAt: string | undefined;
}

/**
 * The sockets of one group on this instance, and the single subscription that feeds them: each stored event is
 * encoded once and the same bytes are written to every socket, in the order the bus delivers them (the group's
 * version order), so every member sees one order and no recipient costs a store read.
 *
 * Frames are not written one by one: those of one burst (the events of one batched append, a wave of presence
 * changes) are queued and written when the burst is over, at the end of the current job, as one buffer and one write
 * per socket. A lone frame is written as it is; nothing waits for a timer.
 */
export class GroupRoom {
  /** Sockets whose membership check is under way: they get no frames, but a removal or deletion closes them. */
  private readonly connecting = new Set<ChatConnection>();
  private readonly open = new Set<ChatConnection>();
  private readonly unsubscribe: (() => void)[];
  /** Resolves once every event stored from then on reaches this room (GroupSubscription.ready). */
  readonly ready: Promise<void>;
  private queued: QueuedFrame[] = [];

  constructor(
    readonly groupId: GroupId,
    events: GroupEventSubscriber,
    presence: PresenceSubscriber,
    private readonly onEmpty: (room: GroupRoom) => void,
    private readonly observer?: ChatSocketObserver,
    /** Hears of a socket that failed while being written to; it is closed, and the others are served regardless. */
    private readonly onSendError: (error: unknown) => void = () => {},
  ) {
    const subscription = events.subscribe(groupId, (event) => this.onGroupEvent(event));
    this.ready = subscription.ready;
    this.unsubscribe = [
      () => subscription.unsubscribe(),
      presence.subscribe(groupId, (change) => this.onPresenceChange(change)),
    ];
  }

  /**
   * Joins before the membership check, so that a removal stored while the check runs still reaches the socket: once
   * `ready` resolved, whatever the check reads, any later event arrives after it.
   */
  add(connection: ChatConnection): void {
    this.connecting.add(connection);
  }

  /**
   * The check passed: the socket now gets every frame, starting with `client connected to the group` about its own
   * user (position-pal's clients expect that notice on every socket they open; the other members hear it once per
   * user, through presence). False when it was closed meanwhile.
   */
  activate(connection: ChatConnection, connectedAt: string): boolean {
    if (!this.connecting.delete(connection) || connection.hasEnded) return false;
    // Frames queued before this belong to the time before its check passed: the others get them, it does not.
    this.flush();
    this.open.add(connection);
    const notice = textFrame(encodeInformation(InformationText.connected, connection.userId, connectedAt));
    if (this.sendOrDrop(connection, notice)) this.observer?.delivered(1);
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

  private onGroupEvent(event: RecordedGroupEvent): void {
    switch (event.type) {
      case 'MessagePosted':
        return this.broadcast(encodeNewMessage(event.data), undefined, event.recordedAt);
      case 'MemberAdded':
        return this.broadcast(encodeInformation(InformationText.joined, event.data.memberId, event.data.at));
      case 'MemberRemoved':
        // Told to those who stay, as position-pal does; the removed member's sockets read what came before, then close.
        this.broadcast(encodeInformation(InformationText.left, event.data.memberId, event.data.at), event.data.memberId);
        return this.closeWhere((connection) => connection.userId === event.data.memberId, Closing.removed);
      case 'GroupDeleted':
        return this.closeWhere(() => true, Closing.groupDeleted);
      case 'GroupCreated':
      case 'GroupAdopted':
        // Nobody is connected to a group before its first member joins.
        return;
    }
  }

  /** Told to the other members, once per user: each of the user's own sockets heard it about itself on activation. */
  private onPresenceChange({ userId, change, at }: PresenceChange): void {
    const text = change === 'connected' ? InformationText.connected : InformationText.disconnected;
    this.broadcast(encodeInformation(text, userId, at), userId);
  }

  private broadcast(frame: string, exceptUser?: UserId, recordedAt?: string): void {
    if (this.queued.length === 0) queueMicrotask(this.flush);
    this.queued.push({ bytes: textFrame(frame), exceptUser, recordedAt });
  }

  /** Writes the queued frames: the same bytes to every socket, a socket's own copy only where a frame skips its user. */
  private readonly flush = (): void => {
    const frames = this.queued;
    if (frames.length === 0) return;
    this.queued = [];
    const whole = frames.length === 1 ? frames[0].bytes : Buffer.concat(frames.map((frame) => frame.bytes));
    // Users some frame skips (presence): usually none, so no set is made for them.
    let skipped: Set<UserId> | undefined;
    for (const frame of frames) if (frame.exceptUser !== undefined) (skipped ??= new Set()).add(frame.exceptUser);
    let deliveries = 0;
    for (const connection of this.open) {
      let bytes = whole;
      let count = frames.length;
      if (skipped?.has(connection.userId)) {
        const own = frames.filter((frame) => frame.exceptUser !== connection.userId);
        if (own.length === 0) continue;
        bytes = Buffer.concat(own.map((frame) => frame.bytes));
        count = own.length;
      }
      if (this.sendOrDrop(connection, bytes)) deliveries += count;
    }
    try {
      this.observer?.delivered(deliveries);
      for (const frame of frames) if (frame.recordedAt !== undefined) this.observer?.fannedOut(frame.recordedAt);
    } catch (error) {
      this.onSendError(error);
    }
  };

  /** A bug in writing to one socket costs that socket, never the others nor the process (this runs outside any caller). */
  private sendOrDrop(connection: ChatConnection, bytes: Buffer): boolean {
    try {
      connection.send(bytes);
      return true;
    } catch (error) {
      this.onSendError(error);
      try {
        connection.close(Closing.internalError);
      } catch (closeError) {
        this.onSendError(closeError);
      }
      return false;
    }
  }

  private closeWhere(predicate: (connection: ChatConnection) => boolean, reason: CloseReason): void {
    // What was queued before the close (the removed member's "left") is still theirs to read.
    this.flush();
    for (const connection of [...this.connecting, ...this.open]) {
      if (predicate(connection)) connection.close(reason);
    }
  }
}
