// Original file: presentation/grpc/chat/v1/chat.proto

import type { ChatMessage as _chat_v1_ChatMessage, ChatMessage__Output as _chat_v1_ChatMessage__Output } from '../../chat/v1/ChatMessage';

export interface PostMessageResponse {
  'message'?: (_chat_v1_ChatMessage | null);
  'duplicate'?: (boolean);
}

export interface PostMessageResponse__Output {
  'message': (_chat_v1_ChatMessage__Output | null);
  'duplicate': (boolean);
}
