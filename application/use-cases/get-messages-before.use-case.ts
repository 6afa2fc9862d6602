import { GroupId } from '../../domain/group/identifiers';
import { HistoryPage, MessageHistory } from '../message-history';

/**
 * A page of history: the `limit` messages before sequence number `beforeSeq` (the newest when undefined), oldest
 * first, for scrolling back.
 */
export class GetMessagesBeforeUseCase {
  constructor(private readonly history: MessageHistory) {}

  execute(groupId: GroupId, beforeSeq: number | undefined, limit: number): Promise<HistoryPage> {
    return this.history.page(groupId, limit, beforeSeq);
  }
}
