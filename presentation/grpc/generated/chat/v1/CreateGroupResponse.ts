// Original file: presentation/grpc/chat/v1/chat.proto


export interface CreateGroupResponse {
  'created'?: (boolean);
}

export interface CreateGroupResponse__Output {
  'created': (boolean);
}
