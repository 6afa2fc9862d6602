import { GroupId } from '../../domain/group/identifiers';
import { ChatMessage } from '../chat-message';
import { MessageHistory } from '../message-history';

/** The last `count` messages of a group, oldest first (position-pal's RetrieveLastMessages), capped at the page size. */
export class GetLastMessagesUseCase {
  constructor(private readonly history: MessageHistory) {}

  async execute(groupId: GroupId, count: number): Promise<ChatMessage[]> {
    return (await this.history.page(groupId, count)).messages;
  }
}
