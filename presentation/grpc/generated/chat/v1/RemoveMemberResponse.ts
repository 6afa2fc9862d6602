// Original file: presentation/grpc/chat/v1/chat.proto


export interface RemoveMemberResponse {
  'removed'?: (boolean);
}

export interface RemoveMemberResponse__Output {
  'removed': (boolean);
}
