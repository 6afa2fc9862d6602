// Original file: presentation/grpc/chat/v1/chat.proto


export interface MembershipRequest {
  'group_id'?: (string);
  'member_id'?: (string);
}

export interface MembershipRequest__Output {
  'group_id': (string);
  'member_id': (string);
}
