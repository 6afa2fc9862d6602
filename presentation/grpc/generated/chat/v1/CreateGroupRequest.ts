// Original file: presentation/grpc/chat/v1/chat.proto


export interface CreateGroupRequest {
  'group_id'?: (string);
  'created_by'?: (string);
}

export interface CreateGroupRequest__Output {
  'group_id': (string);
  'created_by': (string);
}
