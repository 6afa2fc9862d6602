// Original file: presentation/grpc/chat/v1/chat.proto


export interface MemberAdded {
  'member_id'?: (string);
}

export interface MemberAdded__Output {
  'member_id': (string);
}
