import { MESSAGE_POSTED } from '../domain/group/events/message-posted.event';
import { GroupDeletedError, GroupNotFoundError, NotAMemberError } from '../domain/group/group.errors';
import { isMember } from '../domain/group/group.state';
import { GroupId, UserId } from '../domain/group/identifiers';
import { InvalidQueryError, UnrecoverablePositionError } from './application.errors';
import { ChatMessage } from './chat-message';
import { readGroupEvent } from './group-event.codec';
import { GroupRepository } from './group.repository';
import { EventStore } from './ports/event-store.port';
import { MessageIndex } from './ports/message-index.port';
import { LruCache } from './support/lru-cache';

/**
 * A place in a group's stream of messages: `offset` is a message's sequence number (0 before the first), `epoch` names
 * the stream itself. The epoch is the id of the group's first stored event: the same on every instance and after every
 * restart, never changed by anything the group does later, and different for a stream that was lost and begun again.
 */
export interface StreamPosition {
  readonly offset: number;
  readonly epoch: string;
}

export interface Recovery {
  /** The stream's top: the last message's sequence number, and the epoch. */
  readonly position: StreamPosition;
  /** Whether every message after the client's position is in `messages`; false when it must reload instead. */
  readonly recovered: boolean;
  /** Oldest first. */
  readonly messages: ChatMessage[];
}

export interface StreamPageRequest {
  /** How many messages at most; capped at the page limit. */
  readonly limit: number;
  /** Messages after this position (before it, with `reverse`); from either end of the stream when absent. */
  readonly since?: StreamPosition;
  /** Newest first. */
  readonly reverse?: boolean;
}

/**
 * A group's messages as a stream with positions, for clients that resume where they left off (the Centrifugal
 * protocol's recovery and history): from the durable store, however long the client was away, up to a page limit.
 */
export class GroupMessageStream {
  private readonly epochs = new LruCache<GroupId, string>(10_000);

  constructor(
    private readonly groups: GroupRepository,
    private readonly store: EventStore,
    private readonly index: MessageIndex,
    /** The most messages a recovery or a history page returns. */
    readonly maxMessages: number,
  ) {}

  /** Where the stream of a group `userId` is a member of stands. */
  async position(groupId: GroupId, userId: UserId): Promise<StreamPosition> {
    return (await this.open(groupId, userId)).position;
  }

  /**
   * The messages after `since`, when the client's position is in this stream and at most `maxMessages` behind; else
   * none, and `recovered: false` (the client reloads). An empty epoch stands for any.
   */
  async recover(groupId: GroupId, userId: UserId, since: StreamPosition): Promise<Recovery> {
    const { position } = await this.open(groupId, userId);
    const missing = position.offset - since.offset;
    const sameStream = since.epoch === '' || since.epoch === position.epoch;
    if (!sameStream || missing < 0 || missing > this.maxMessages) return { position, recovered: false, messages: [] };
    const messages = missing === 0 ? [] : await this.messages(groupId, position.offset + 1, missing);
    return { position, recovered: true, messages };
  }

  /** A page of the stream, oldest first (newest first with `reverse`), and where the stream stands. */
  async page(
    groupId: GroupId,
    userId: UserId,
    { limit, since, reverse = false }: StreamPageRequest,
  ): Promise<{ readonly position: StreamPosition; readonly messages: ChatMessage[] }> {
    if (!Number.isSafeInteger(limit)) throw new InvalidQueryError('limit', 'must be a whole number');
    const { position } = await this.open(groupId, userId);
    if (since && since.epoch !== '' && since.epoch !== position.epoch) {
      throw new UnrecoverablePositionError(`epoch ${JSON.stringify(since.epoch.slice(0, 64))} is not this group's`);
    }
    const wanted = limit < 0 ? this.maxMessages : Math.min(limit, this.maxMessages);
    const top = position.offset;
    // The page as the range of sequence numbers (first, last], then read as the `count` messages before last + 1.
    let last: number;
    let count: number;
    if (!reverse) {
      const after = Math.min(since?.offset ?? 0, top);
      last = Math.min(after + wanted, top);
      count = last - after;
    } else {
      last = since ? Math.min(since.offset - 1, top) : top;
      count = Math.min(wanted, Math.max(last, 0));
    }
    const messages = count <= 0 ? [] : await this.messages(groupId, last + 1, count);
    return { position, messages: reverse ? messages.reverse() : messages };
  }

  private async open(groupId: GroupId, userId: UserId): Promise<{ position: StreamPosition }> {
    const { state } = await this.groups.current(groupId);
    if (state.status === 'unknown') throw new GroupNotFoundError(groupId);
    if (state.status === 'deleted') throw new GroupDeletedError(groupId);
    if (!isMember(state, userId)) throw new NotAMemberError(groupId, userId);
    return { position: { offset: state.lastMessageSeq, epoch: await this.epochOf(groupId) } };
  }

  private async epochOf(groupId: GroupId): Promise<string> {
    const known = this.epochs.get(groupId);
    if (known !== undefined) return known;
    const [first] = await this.store.readStream(groupId, { limit: 1 });
    if (!first) throw new GroupNotFoundError(groupId);
    this.epochs.set(groupId, first.eventId);
    return first.eventId;
  }

  /** The `count` messages before sequence number `beforeSeq`, oldest first. */
  private async messages(groupId: GroupId, beforeSeq: number, count: number): Promise<ChatMessage[]> {
    const stored = await this.index.readMessages(groupId, { beforeSeq, limit: count });
    return stored.map(readGroupEvent).flatMap((event) => (event.type === MESSAGE_POSTED ? [event.data] : []));
  }
}
