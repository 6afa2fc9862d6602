import { MESSAGE_POSTED } from '../../domain/group/events/message-posted.event';
import { findRecentClientMessage } from '../../domain/group/group.state';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { ChatMessage } from '../chat-message';
import { readGroupEvent } from '../group-event.codec';
import { GroupCommandHandler } from '../group-command.handler';
import { Clock } from '../ports/clock.port';
import { EventMetadata } from '../ports/event-store.port';
import { MessageIndex } from '../ports/message-index.port';

export interface PostMessageRequest {
  readonly groupId: GroupId;
  readonly senderId: UserId;
  readonly text: string;
  /** Name the message to make sending it again safe: a resent message is stored once. */
  readonly clientMessageId?: string;
}

export interface PostMessageResult {
  /** The stored message: the new one, or for a resent message the one stored the first time. */
  readonly message: ChatMessage;
  readonly duplicate: boolean;
}

/** Posts a member's message to the group; it is stored, with the group's next sequence number, before anyone sees it. */
export class PostMessageUseCase {
  constructor(
    private readonly commands: GroupCommandHandler,
    private readonly messages: MessageIndex,
    private readonly clock: Clock,
  ) {}

  async execute(request: PostMessageRequest, metadata?: EventMetadata): Promise<PostMessageResult> {
    const outcome = await this.commands.handle({ type: 'PostMessage', ...request, at: this.clock.now() }, metadata);
    const posted = outcome.recorded[0];
    if (posted?.type === MESSAGE_POSTED) return { message: posted.data, duplicate: false };
    return { message: await this.storedOriginal(request, outcome.state), duplicate: true };
  }

  private async storedOriginal(
    request: PostMessageRequest,
    state: Parameters<typeof findRecentClientMessage>[0],
  ): Promise<ChatMessage> {
    const original = findRecentClientMessage(state, request.senderId, request.clientMessageId ?? '');
    const [stored] = original
      ? await this.messages.readMessages(request.groupId, { beforeSeq: original.seq + 1, limit: 1 })
      : [];
    const event = stored && readGroupEvent(stored);
    if (event?.type !== MESSAGE_POSTED) {
      throw new Error(`message ${request.clientMessageId} of ${request.senderId} was recognised but is not stored`);
    }
    return event.data;
  }
}
