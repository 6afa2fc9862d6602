// Original file: presentation/grpc/chat/v1/chat.proto


export interface GroupDeleted {
}

export interface GroupDeleted__Output {
}
