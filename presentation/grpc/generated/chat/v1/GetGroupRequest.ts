// Original file: presentation/grpc/chat/v1/chat.proto


export interface GetGroupRequest {
  'group_id'?: (string);
}

export interface GetGroupRequest__Output {
  'group_id': (string);
}
