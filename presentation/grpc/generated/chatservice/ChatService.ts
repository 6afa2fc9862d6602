// Original file: presentation/grpc/chatservice/chat_service.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { MessageResponse as _chatservice_MessageResponse, MessageResponse__Output as _chatservice_MessageResponse__Output } from '../chatservice/MessageResponse';
import type { RetrieveLastMessagesRequest as _chatservice_RetrieveLastMessagesRequest, RetrieveLastMessagesRequest__Output as _chatservice_RetrieveLastMessagesRequest__Output } from '../chatservice/RetrieveLastMessagesRequest';

export interface ChatServiceClient extends grpc.Client {
  RetrieveLastMessages(argument: _chatservice_RetrieveLastMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatservice_MessageResponse__Output>): grpc.ClientUnaryCall;
  RetrieveLastMessages(argument: _chatservice_RetrieveLastMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatservice_MessageResponse__Output>): grpc.ClientUnaryCall;
  RetrieveLastMessages(argument: _chatservice_RetrieveLastMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatservice_MessageResponse__Output>): grpc.ClientUnaryCall;
  RetrieveLastMessages(argument: _chatservice_RetrieveLastMessagesRequest, callback: grpc.requestCallback<_chatservice_MessageResponse__Output>): grpc.ClientUnaryCall;
  retrieveLastMessages(argument: _chatservice_RetrieveLastMessagesRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chatservice_MessageResponse__Output>): grpc.ClientUnaryCall;
  retrieveLastMessages(argument: _chatservice_RetrieveLastMessagesRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chatservice_MessageResponse__Output>): grpc.ClientUnaryCall;
  retrieveLastMessages(argument: _chatservice_RetrieveLastMessagesRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chatservice_MessageResponse__Output>): grpc.ClientUnaryCall;
  retrieveLastMessages(argument: _chatservice_RetrieveLastMessagesRequest, callback: grpc.requestCallback<_chatservice_MessageResponse__Output>): grpc.ClientUnaryCall;
  
}

export interface ChatServiceHandlers extends grpc.UntypedServiceImplementation {
  RetrieveLastMessages: grpc.handleUnaryCall<_chatservice_RetrieveLastMessagesRequest__Output, _chatservice_MessageResponse>;
  
}

export interface ChatServiceDefinition extends grpc.ServiceDefinition {
  RetrieveLastMessages: MethodDefinition<_chatservice_RetrieveLastMessagesRequest, _chatservice_MessageResponse, _chatservice_RetrieveLastMessagesRequest__Output, _chatservice_MessageResponse__Output>
}
