// Original file: presentation/grpc/chatservice/chat_service.proto


export interface RetrieveLastMessagesRequest {
  'group_id'?: (string);
  'number_of_messages'?: (string);
}

export interface RetrieveLastMessagesRequest__Output {
  'group_id': (string);
  'number_of_messages': (string);
}
