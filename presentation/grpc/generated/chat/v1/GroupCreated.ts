// Original file: presentation/grpc/chat/v1/chat.proto


export interface GroupCreated {
  'created_by'?: (string);
}

export interface GroupCreated__Output {
  'created_by': (string);
}
