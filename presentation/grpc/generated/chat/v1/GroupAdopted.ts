// Original file: presentation/grpc/chat/v1/chat.proto


export interface GroupAdopted {
}

export interface GroupAdopted__Output {
}
