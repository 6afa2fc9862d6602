// Original file: presentation/grpc/chat/v1/chat.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { Long } from '@grpc/proto-loader';

export interface ChatMessage {
  'group_id'?: (string);
  'seq'?: (number | string | Long);
  'sender_id'?: (string);
  'text'?: (string);
  'client_message_id'?: (string);
  'sent_at'?: (_google_protobuf_Timestamp | null);
}

export interface ChatMessage__Output {
  'group_id': (string);
  'seq': (number);
  'sender_id': (string);
  'text': (string);
  'client_message_id': (string);
  'sent_at': (_google_protobuf_Timestamp__Output | null);
}
