// Original file: presentation/grpc/chatservice/chat_service.proto

import type { Status as _chatservice_Status, Status__Output as _chatservice_Status__Output } from '../chatservice/Status';
import type { Message as _chatservice_Message, Message__Output as _chatservice_Message__Output } from '../chatservice/Message';

export interface MessageResponse {
  'status'?: (_chatservice_Status | null);
  'messages'?: (_chatservice_Message)[];
}

export interface MessageResponse__Output {
  'status': (_chatservice_Status__Output | null);
  'messages': (_chatservice_Message__Output)[];
}
