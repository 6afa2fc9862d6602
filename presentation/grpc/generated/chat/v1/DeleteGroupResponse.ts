// Original file: presentation/grpc/chat/v1/chat.proto


export interface DeleteGroupResponse {
  'deleted'?: (boolean);
}

export interface DeleteGroupResponse__Output {
  'deleted': (boolean);
}
