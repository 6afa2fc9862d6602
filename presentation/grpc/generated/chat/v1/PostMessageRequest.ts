// Original file: presentation/grpc/chat/v1/chat.proto


export interface PostMessageRequest {
  'group_id'?: (string);
  'sender_id'?: (string);
  'text'?: (string);
  'client_message_id'?: (string);
}

export interface PostMessageRequest__Output {
  'group_id': (string);
  'sender_id': (string);
  'text': (string);
  'client_message_id': (string);
}
