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
import { BadCountError, toPositionPalStatus } from './position-pal-status.mapping';

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
      const count = parseCount(numberOfMessages);
      const messages = await withinTimeout(
        this.lastMessages.execute(requireField('group_id', groupId), count),
        this.options.requestTimeoutMs,
      );
      callback(null, {
        status: { code: StatusCode.OK, message: this.capNotice(count) },
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

  private capNotice(count: number): string {
    const max = this.options.maxPageSize;
    return count > max ? `${count} messages were asked for; at most ${max} are returned per request` : '';
  }
}

/** A decimal count in a string; beyond what a number holds exactly it is simply "very many", which the cap bounds. */
function parseCount(text: string): number {
  if (!/^\s*\d+\s*$/.test(text)) throw new BadCountError(text);
  return Math.min(Number(text), Number.MAX_SAFE_INTEGER);
}
