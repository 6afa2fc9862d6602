import { GroupId, UserId } from '../../domain/group/identifiers';

/** What a subscription needs of the session it belongs to. */
export interface SubscriptionOwner {
  /** Writes one push, already a complete WebSocket frame; the session ends itself when its client reads too slowly. */
  writeFrame(frame: Buffer): void;
  /** The server ends this subscription (a removed member, a deleted group). */
  unsubscribedByServer(subscription: ChannelSubscription, unsubscribe: { code: number; reason: string }): void;
}

/** Live pushes held while a subscribe is under way, past which the client counts as too slow. */
const MAX_HELD = 10_000;

/**
 * One client's subscription to one channel. While its subscribe is under way (membership, recovery from the store)
 * the channel's pushes are held; the subscribe reply goes first, then what was held and is newer than the reply's
 * position, so that recovered and live publications meet without a gap or a repeat.
 */
export class ChannelSubscription {
  private state: 'subscribing' | 'live' | 'ended' = 'subscribing';
  private held: { readonly push: Buffer; readonly offset?: number }[] = [];
  /** Set when the server ended it before the subscribe reply: told right after the reply. */
  private endedEarly?: { code: number; reason: string };
  /** Whether presence counts this subscription (its membership check passed). */
  registered = false;
  /** The last publication offset this client has (from its subscribe reply, then each push): nothing at or below it is sent. */
  private lastOffset = -1;

  constructor(
    private readonly owner: SubscriptionOwner,
    readonly channel: GroupId,
    readonly userId: UserId,
    readonly joinLeave: boolean,
  ) {}

  get ended(): boolean {
    return this.state === 'ended';
  }

  /** Whether a burst whose publications start at `firstOffset` can go out whole: live, and none of it given already. */
  takesBurstFrom(firstOffset: number | undefined): boolean {
    return this.state === 'live' && (firstOffset === undefined || firstOffset > this.lastOffset);
  }

  /** Several pushes of one burst as one buffer of complete frames (see takesBurstFrom); `lastOffset` is its newest. */
  deliverBurst(frames: Buffer, lastOffset: number | undefined): void {
    if (this.state !== 'live') return;
    if (lastOffset !== undefined) this.lastOffset = lastOffset;
    this.owner.writeFrame(frames);
  }

  /**
   * A push of the channel, as a complete WebSocket frame (built once for every subscriber); `offset` for a publication,
   * whose place in the stream decides whether it was recovered.
   */
  /** Whether it was written now (it is held while subscribing). */
  deliver(push: Buffer, offset?: number): boolean {
    if (this.state === 'live') {
      if (offset !== undefined) {
        // The subscribe reply may already have given it (read from the store while the feed was behind).
        if (offset <= this.lastOffset) return false;
        this.lastOffset = offset;
      }
      this.owner.writeFrame(push);
      return true;
    }
    if (this.state === 'ended' || this.endedEarly) return false;
    if (this.held.length >= MAX_HELD) {
      this.held = [];
      this.endByServer({ code: 2500, reason: 'too many publications while subscribing' });
      return false;
    }
    this.held.push({ push, ...(offset !== undefined && { offset }) });
    return false;
  }

  /** The subscribe reply is written: what was held and comes after `offset` follows it. */
  activate(offset: number): void {
    if (this.state !== 'subscribing') return;
    this.state = 'live';
    this.lastOffset = offset;
    const held = this.held;
    this.held = [];
    for (const { push, offset: at } of held) {
      if (at !== undefined && at <= this.lastOffset) continue;
      if (at !== undefined) this.lastOffset = at;
      this.owner.writeFrame(push);
    }
    if (this.endedEarly) this.owner.unsubscribedByServer(this, this.endedEarly);
  }

  /** The server ends it: at once when live, right after the subscribe reply when one is under way. */
  endByServer(unsubscribe: { code: number; reason: string }): void {
    if (this.state === 'ended') return;
    if (this.state === 'subscribing') {
      this.endedEarly ??= unsubscribe;
      return;
    }
    this.owner.unsubscribedByServer(this, unsubscribe);
  }

  /** Whether the server ended it before its reply (a removal raced the subscribe). */
  get endedBeforeReply(): boolean {
    return this.endedEarly !== undefined;
  }

  end(): void {
    this.state = 'ended';
    this.held = [];
  }
}
