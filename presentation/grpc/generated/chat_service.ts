import type * as grpc from '@grpc/grpc-js';
import type { EnumTypeDefinition, MessageTypeDefinition } from '@grpc/proto-loader';

import type { ChatServiceClient as _chatservice_ChatServiceClient, ChatServiceDefinition as _chatservice_ChatServiceDefinition } from './chatservice/ChatService';
import type { Message as _chatservice_Message, Message__Output as _chatservice_Message__Output } from './chatservice/Message';
import type { MessageResponse as _chatservice_MessageResponse, MessageResponse__Output as _chatservice_MessageResponse__Output } from './chatservice/MessageResponse';
import type { RetrieveLastMessagesRequest as _chatservice_RetrieveLastMessagesRequest, RetrieveLastMessagesRequest__Output as _chatservice_RetrieveLastMessagesRequest__Output } from './chatservice/RetrieveLastMessagesRequest';
import type { Status as _chatservice_Status, Status__Output as _chatservice_Status__Output } from './chatservice/Status';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chatservice: {
    ChatService: SubtypeConstructor<typeof grpc.Client, _chatservice_ChatServiceClient> & { service: _chatservice_ChatServiceDefinition }
    Message: MessageTypeDefinition<_chatservice_Message, _chatservice_Message__Output>
    MessageResponse: MessageTypeDefinition<_chatservice_MessageResponse, _chatservice_MessageResponse__Output>
    RetrieveLastMessagesRequest: MessageTypeDefinition<_chatservice_RetrieveLastMessagesRequest, _chatservice_RetrieveLastMessagesRequest__Output>
    Status: MessageTypeDefinition<_chatservice_Status, _chatservice_Status__Output>
    StatusCode: EnumTypeDefinition
  }
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

