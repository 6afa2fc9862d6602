// Original file: presentation/grpc/chat/v1/chat.proto

import type * as grpc from '@grpc/grpc-js'
import type { MethodDefinition } from '@grpc/proto-loader'
import type { AddMemberResponse as _chat_v1_AddMemberResponse, AddMemberResponse__Output as _chat_v1_AddMemberResponse__Output } from '../../chat/v1/AddMemberResponse';
import type { CreateGroupRequest as _chat_v1_CreateGroupRequest, CreateGroupRequest__Output as _chat_v1_CreateGroupRequest__Output } from '../../chat/v1/CreateGroupRequest';
import type { CreateGroupResponse as _chat_v1_CreateGroupResponse, CreateGroupResponse__Output as _chat_v1_CreateGroupResponse__Output } from '../../chat/v1/CreateGroupResponse';
import type { DeleteGroupRequest as _chat_v1_DeleteGroupRequest, DeleteGroupRequest__Output as _chat_v1_DeleteGroupRequest__Output } from '../../chat/v1/DeleteGroupRequest';
import type { DeleteGroupResponse as _chat_v1_DeleteGroupResponse, DeleteGroupResponse__Output as _chat_v1_DeleteGroupResponse__Output } from '../../chat/v1/DeleteGroupResponse';
import type { GetGroupRequest as _chat_v1_GetGroupRequest, GetGroupRequest__Output as _chat_v1_GetGroupRequest__Output } from '../../chat/v1/GetGroupRequest';
import type { GetHistoryRequest as _chat_v1_GetHistoryRequest, GetHistoryRequest__Output as _chat_v1_GetHistoryRequest__Output } from '../../chat/v1/GetHistoryRequest';
import type { Group as _chat_v1_Group, Group__Output as _chat_v1_Group__Output } from '../../chat/v1/Group';
import type { GroupEvent as _chat_v1_GroupEvent, GroupEvent__Output as _chat_v1_GroupEvent__Output } from '../../chat/v1/GroupEvent';
import type { HistoryPage as _chat_v1_HistoryPage, HistoryPage__Output as _chat_v1_HistoryPage__Output } from '../../chat/v1/HistoryPage';
import type { MembershipRequest as _chat_v1_MembershipRequest, MembershipRequest__Output as _chat_v1_MembershipRequest__Output } from '../../chat/v1/MembershipRequest';
import type { PostMessageRequest as _chat_v1_PostMessageRequest, PostMessageRequest__Output as _chat_v1_PostMessageRequest__Output } from '../../chat/v1/PostMessageRequest';
import type { PostMessageResponse as _chat_v1_PostMessageResponse, PostMessageResponse__Output as _chat_v1_PostMessageResponse__Output } from '../../chat/v1/PostMessageResponse';
import type { RemoveMemberResponse as _chat_v1_RemoveMemberResponse, RemoveMemberResponse__Output as _chat_v1_RemoveMemberResponse__Output } from '../../chat/v1/RemoveMemberResponse';
import type { SubscribeGroupRequest as _chat_v1_SubscribeGroupRequest, SubscribeGroupRequest__Output as _chat_v1_SubscribeGroupRequest__Output } from '../../chat/v1/SubscribeGroupRequest';

export interface GroupChatServiceClient extends grpc.Client {
  AddMember(argument: _chat_v1_MembershipRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  AddMember(argument: _chat_v1_MembershipRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  AddMember(argument: _chat_v1_MembershipRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  AddMember(argument: _chat_v1_MembershipRequest, callback: grpc.requestCallback<_chat_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  addMember(argument: _chat_v1_MembershipRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  addMember(argument: _chat_v1_MembershipRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  addMember(argument: _chat_v1_MembershipRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  addMember(argument: _chat_v1_MembershipRequest, callback: grpc.requestCallback<_chat_v1_AddMemberResponse__Output>): grpc.ClientUnaryCall;
  
  CreateGroup(argument: _chat_v1_CreateGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_CreateGroupResponse__Output>): grpc.ClientUnaryCall;
  CreateGroup(argument: _chat_v1_CreateGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_CreateGroupResponse__Output>): grpc.ClientUnaryCall;
  CreateGroup(argument: _chat_v1_CreateGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_CreateGroupResponse__Output>): grpc.ClientUnaryCall;
  CreateGroup(argument: _chat_v1_CreateGroupRequest, callback: grpc.requestCallback<_chat_v1_CreateGroupResponse__Output>): grpc.ClientUnaryCall;
  createGroup(argument: _chat_v1_CreateGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_CreateGroupResponse__Output>): grpc.ClientUnaryCall;
  createGroup(argument: _chat_v1_CreateGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_CreateGroupResponse__Output>): grpc.ClientUnaryCall;
  createGroup(argument: _chat_v1_CreateGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_CreateGroupResponse__Output>): grpc.ClientUnaryCall;
  createGroup(argument: _chat_v1_CreateGroupRequest, callback: grpc.requestCallback<_chat_v1_CreateGroupResponse__Output>): grpc.ClientUnaryCall;
  
  DeleteGroup(argument: _chat_v1_DeleteGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _chat_v1_DeleteGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _chat_v1_DeleteGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  DeleteGroup(argument: _chat_v1_DeleteGroupRequest, callback: grpc.requestCallback<_chat_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _chat_v1_DeleteGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _chat_v1_DeleteGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _chat_v1_DeleteGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  deleteGroup(argument: _chat_v1_DeleteGroupRequest, callback: grpc.requestCallback<_chat_v1_DeleteGroupResponse__Output>): grpc.ClientUnaryCall;
  
  GetGroup(argument: _chat_v1_GetGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_Group__Output>): grpc.ClientUnaryCall;
  GetGroup(argument: _chat_v1_GetGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_Group__Output>): grpc.ClientUnaryCall;
  GetGroup(argument: _chat_v1_GetGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_Group__Output>): grpc.ClientUnaryCall;
  GetGroup(argument: _chat_v1_GetGroupRequest, callback: grpc.requestCallback<_chat_v1_Group__Output>): grpc.ClientUnaryCall;
  getGroup(argument: _chat_v1_GetGroupRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_Group__Output>): grpc.ClientUnaryCall;
  getGroup(argument: _chat_v1_GetGroupRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_Group__Output>): grpc.ClientUnaryCall;
  getGroup(argument: _chat_v1_GetGroupRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_Group__Output>): grpc.ClientUnaryCall;
  getGroup(argument: _chat_v1_GetGroupRequest, callback: grpc.requestCallback<_chat_v1_Group__Output>): grpc.ClientUnaryCall;
  
  GetHistory(argument: _chat_v1_GetHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_HistoryPage__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _chat_v1_GetHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_HistoryPage__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _chat_v1_GetHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_HistoryPage__Output>): grpc.ClientUnaryCall;
  GetHistory(argument: _chat_v1_GetHistoryRequest, callback: grpc.requestCallback<_chat_v1_HistoryPage__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _chat_v1_GetHistoryRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_HistoryPage__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _chat_v1_GetHistoryRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_HistoryPage__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _chat_v1_GetHistoryRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_HistoryPage__Output>): grpc.ClientUnaryCall;
  getHistory(argument: _chat_v1_GetHistoryRequest, callback: grpc.requestCallback<_chat_v1_HistoryPage__Output>): grpc.ClientUnaryCall;
  
  PostMessage(argument: _chat_v1_PostMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_PostMessageResponse__Output>): grpc.ClientUnaryCall;
  PostMessage(argument: _chat_v1_PostMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_PostMessageResponse__Output>): grpc.ClientUnaryCall;
  PostMessage(argument: _chat_v1_PostMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_PostMessageResponse__Output>): grpc.ClientUnaryCall;
  PostMessage(argument: _chat_v1_PostMessageRequest, callback: grpc.requestCallback<_chat_v1_PostMessageResponse__Output>): grpc.ClientUnaryCall;
  postMessage(argument: _chat_v1_PostMessageRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_PostMessageResponse__Output>): grpc.ClientUnaryCall;
  postMessage(argument: _chat_v1_PostMessageRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_PostMessageResponse__Output>): grpc.ClientUnaryCall;
  postMessage(argument: _chat_v1_PostMessageRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_PostMessageResponse__Output>): grpc.ClientUnaryCall;
  postMessage(argument: _chat_v1_PostMessageRequest, callback: grpc.requestCallback<_chat_v1_PostMessageResponse__Output>): grpc.ClientUnaryCall;
  
  RemoveMember(argument: _chat_v1_MembershipRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _chat_v1_MembershipRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _chat_v1_MembershipRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  RemoveMember(argument: _chat_v1_MembershipRequest, callback: grpc.requestCallback<_chat_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _chat_v1_MembershipRequest, metadata: grpc.Metadata, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _chat_v1_MembershipRequest, metadata: grpc.Metadata, callback: grpc.requestCallback<_chat_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _chat_v1_MembershipRequest, options: grpc.CallOptions, callback: grpc.requestCallback<_chat_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  removeMember(argument: _chat_v1_MembershipRequest, callback: grpc.requestCallback<_chat_v1_RemoveMemberResponse__Output>): grpc.ClientUnaryCall;
  
  SubscribeGroup(argument: _chat_v1_SubscribeGroupRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_chat_v1_GroupEvent__Output>;
  SubscribeGroup(argument: _chat_v1_SubscribeGroupRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_chat_v1_GroupEvent__Output>;
  subscribeGroup(argument: _chat_v1_SubscribeGroupRequest, metadata: grpc.Metadata, options?: grpc.CallOptions): grpc.ClientReadableStream<_chat_v1_GroupEvent__Output>;
  subscribeGroup(argument: _chat_v1_SubscribeGroupRequest, options?: grpc.CallOptions): grpc.ClientReadableStream<_chat_v1_GroupEvent__Output>;
  
}

export interface GroupChatServiceHandlers extends grpc.UntypedServiceImplementation {
  AddMember: grpc.handleUnaryCall<_chat_v1_MembershipRequest__Output, _chat_v1_AddMemberResponse>;
  
  CreateGroup: grpc.handleUnaryCall<_chat_v1_CreateGroupRequest__Output, _chat_v1_CreateGroupResponse>;
  
  DeleteGroup: grpc.handleUnaryCall<_chat_v1_DeleteGroupRequest__Output, _chat_v1_DeleteGroupResponse>;
  
  GetGroup: grpc.handleUnaryCall<_chat_v1_GetGroupRequest__Output, _chat_v1_Group>;
  
  GetHistory: grpc.handleUnaryCall<_chat_v1_GetHistoryRequest__Output, _chat_v1_HistoryPage>;
  
  PostMessage: grpc.handleUnaryCall<_chat_v1_PostMessageRequest__Output, _chat_v1_PostMessageResponse>;
  
  RemoveMember: grpc.handleUnaryCall<_chat_v1_MembershipRequest__Output, _chat_v1_RemoveMemberResponse>;
  
  SubscribeGroup: grpc.handleServerStreamingCall<_chat_v1_SubscribeGroupRequest__Output, _chat_v1_GroupEvent>;
  
}

export interface GroupChatServiceDefinition extends grpc.ServiceDefinition {
  AddMember: MethodDefinition<_chat_v1_MembershipRequest, _chat_v1_AddMemberResponse, _chat_v1_MembershipRequest__Output, _chat_v1_AddMemberResponse__Output>
  CreateGroup: MethodDefinition<_chat_v1_CreateGroupRequest, _chat_v1_CreateGroupResponse, _chat_v1_CreateGroupRequest__Output, _chat_v1_CreateGroupResponse__Output>
  DeleteGroup: MethodDefinition<_chat_v1_DeleteGroupRequest, _chat_v1_DeleteGroupResponse, _chat_v1_DeleteGroupRequest__Output, _chat_v1_DeleteGroupResponse__Output>
  GetGroup: MethodDefinition<_chat_v1_GetGroupRequest, _chat_v1_Group, _chat_v1_GetGroupRequest__Output, _chat_v1_Group__Output>
  GetHistory: MethodDefinition<_chat_v1_GetHistoryRequest, _chat_v1_HistoryPage, _chat_v1_GetHistoryRequest__Output, _chat_v1_HistoryPage__Output>
  PostMessage: MethodDefinition<_chat_v1_PostMessageRequest, _chat_v1_PostMessageResponse, _chat_v1_PostMessageRequest__Output, _chat_v1_PostMessageResponse__Output>
  RemoveMember: MethodDefinition<_chat_v1_MembershipRequest, _chat_v1_RemoveMemberResponse, _chat_v1_MembershipRequest__Output, _chat_v1_RemoveMemberResponse__Output>
  SubscribeGroup: MethodDefinition<_chat_v1_SubscribeGroupRequest, _chat_v1_GroupEvent, _chat_v1_SubscribeGroupRequest__Output, _chat_v1_GroupEvent__Output>
}
