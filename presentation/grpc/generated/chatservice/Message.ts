// Original file: presentation/grpc/chatservice/chat_service.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../google/protobuf/Timestamp';

export interface Message {
  'client_id'?: (string);
  'content'?: (string);
  'timestamp'?: (_google_protobuf_Timestamp | null);
}

export interface Message__Output {
  'client_id': (string);
  'content': (string);
  'timestamp': (_google_protobuf_Timestamp__Output | null);
}
