// Original file: presentation/grpc/chat/v1/chat.proto

import type { ChatMessage as _chat_v1_ChatMessage, ChatMessage__Output as _chat_v1_ChatMessage__Output } from '../../chat/v1/ChatMessage';
import type { Long } from '@grpc/proto-loader';

export interface HistoryPage {
  'messages'?: (_chat_v1_ChatMessage)[];
  'next_before_seq'?: (number | string | Long);
}

export interface HistoryPage__Output {
  'messages': (_chat_v1_ChatMessage__Output)[];
  'next_before_seq': (number);
}
