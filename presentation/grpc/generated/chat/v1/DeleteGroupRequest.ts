// Original file: presentation/grpc/chat/v1/chat.proto


export interface DeleteGroupRequest {
  'group_id'?: (string);
}

export interface DeleteGroupRequest__Output {
  'group_id': (string);
}
