import { sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { GetLastMessagesUseCase } from '../../../application/use-cases/get-last-messages.use-case';
import { ChatServiceHandlers } from '../generated/chatservice/ChatService';
import { MessageResponse } from '../generated/chatservice/MessageResponse';
import { RetrieveLastMessagesRequest__Output } from '../generated/chatservice/RetrieveLastMessagesRequest';
import { StatusCode } from '../generated/chatservice/StatusCode';
import { GRPC_SERVER_OPTIONS, GrpcServerOptions } from '../grpc-server.options';
import { requireField } from '../missing-field.error';
import { withinTimeout } from '../request-timeout';
import { toTimestamp } from '../timestamp';
import { parseMessageCount } from './message-count';
import { toPositionPalStatus } from './position-pal-status.mapping';

/**
 * position-pal's `chatservice.ChatService`: the last N messages of a group, oldest first. The call always completes;
 * how it went is in `status`, as position-pal's gateway expects.
 */
@Injectable()
export class PositionPalChatService {
  private readonly logger = new Logger('grpc.chatservice');

  constructor(
    private readonly lastMessages: GetLastMessagesUseCase,
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerOptions,
  ) {}

  readonly handlers: ChatServiceHandlers = {
    RetrieveLastMessages: (call, callback) => void this.retrieveLastMessages(call, callback),
  };

  private async retrieveLastMessages(
    call: ServerUnaryCall<RetrieveLastMessagesRequest__Output, MessageResponse>,
    callback: sendUnaryData<MessageResponse>,
  ): Promise<void> {
    const { group_id: groupId, number_of_messages: numberOfMessages } = call.request;
    try {
      const count = parseMessageCount(numberOfMessages);
      // A count ≤ 0 still reads the group, so that it is answered like any other count for a missing group or store.
      const messages = await withinTimeout(
        this.lastMessages.execute(requireField('group_id', groupId), Math.max(count, 0)),
        this.options.requestTimeoutMs,
      );
      callback(null, {
        status: { code: StatusCode.OK, message: this.notice(count) },
        messages: messages.map((message) => ({
          client_id: message.senderId,
          content: message.text,
          timestamp: toTimestamp(message.at),
        })),
      });
    } catch (error) {
      const { status, unexpected } = toPositionPalStatus(error);
      if (unexpected) this.logger.error({ msg: 'RetrieveLastMessages failed', groupId, err: error });
      callback(null, { status, messages: [] });
    }
  }

  /** Why an OK answer holds fewer messages than asked for, when the count itself is the reason. */
  private notice(count: number): string {
    const max = this.options.maxPageSize;
    if (count <= 0) return `a count of ${count} asks for no messages`;
    return count > max ? `${count} messages were asked for; at most ${max} are returned per request` : '';
  }
}
