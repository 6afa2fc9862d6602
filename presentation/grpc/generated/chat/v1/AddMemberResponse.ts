// Original file: presentation/grpc/chat/v1/chat.proto


export interface AddMemberResponse {
  'added'?: (boolean);
}

export interface AddMemberResponse__Output {
  'added': (boolean);
}
