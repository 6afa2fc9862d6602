// Original file: presentation/grpc/chat/v1/chat.proto


export interface SubscribeGroupRequest {
  'group_id'?: (string);
}

export interface SubscribeGroupRequest__Output {
  'group_id': (string);
}
