import { MESSAGE_POSTED } from '../domain/group/events/message-posted.event';
import { GroupDeletedError, GroupNotFoundError } from '../domain/group/group.errors';
import { GroupId } from '../domain/group/identifiers';
import { InvalidQueryError } from './application.errors';
import { ChatMessage } from './chat-message';
import { readGroupEvent } from './group-event.codec';
import { GroupRepository } from './group.repository';
import { MessageIndex } from './ports/message-index.port';

export interface HistoryPage {
  /** Oldest first. */
  readonly messages: ChatMessage[];
  /** Pass as `beforeSeq` to read the page before this one; absent when this page reaches the first message. */
  readonly nextBeforeSeq?: number;
}

/** Reads a group's stored messages, newest pages first, each page oldest first; shared by the history use cases. */
export class MessageHistory {
  constructor(
    private readonly groups: GroupRepository,
    private readonly index: MessageIndex,
    /** The most messages one read returns, whatever was asked: a guard against reading a whole chat at once. */
    readonly maxPageSize: number,
  ) {}

  async page(groupId: GroupId, limit: number, beforeSeq?: number): Promise<HistoryPage> {
    if (!Number.isSafeInteger(limit) || limit < 0) throw new InvalidQueryError('limit', 'must be a whole number ≥ 0');
    if (beforeSeq !== undefined && (!Number.isSafeInteger(beforeSeq) || beforeSeq < 1)) {
      throw new InvalidQueryError('beforeSeq', 'must be a whole number ≥ 1');
    }
    const { state } = await this.groups.current(groupId);
    if (state.status === 'unknown') throw new GroupNotFoundError(groupId);
    if (state.status === 'deleted') throw new GroupDeletedError(groupId);
    const capped = Math.min(limit, this.maxPageSize);
    // A group without messages has no page to read, and none lies past its newest: the store is asked only for what
    // exists (its index may walk past membership changes to find it).
    const newest = state.lastMessageSeq;
    if (capped === 0 || newest === 0) return { messages: [] };
    const stored = await this.index.readMessages(groupId, { beforeSeq: Math.min(beforeSeq ?? Infinity, newest + 1), limit: capped });
    const messages = stored.map(readGroupEvent).flatMap((event) => (event.type === MESSAGE_POSTED ? [event.data] : []));
    const oldest = messages[0]?.seq;
    return { messages, ...(oldest !== undefined && oldest > 1 && { nextBeforeSeq: oldest }) };
  }
}
