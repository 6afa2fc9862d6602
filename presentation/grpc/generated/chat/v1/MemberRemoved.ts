// Original file: presentation/grpc/chat/v1/chat.proto


export interface MemberRemoved {
  'member_id'?: (string);
}

export interface MemberRemoved__Output {
  'member_id': (string);
}
