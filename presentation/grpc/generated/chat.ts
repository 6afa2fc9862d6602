import type * as grpc from '@grpc/grpc-js';
import type { MessageTypeDefinition } from '@grpc/proto-loader';

import type { AddMemberResponse as _chat_v1_AddMemberResponse, AddMemberResponse__Output as _chat_v1_AddMemberResponse__Output } from './chat/v1/AddMemberResponse';
import type { ChatMessage as _chat_v1_ChatMessage, ChatMessage__Output as _chat_v1_ChatMessage__Output } from './chat/v1/ChatMessage';
import type { CreateGroupRequest as _chat_v1_CreateGroupRequest, CreateGroupRequest__Output as _chat_v1_CreateGroupRequest__Output } from './chat/v1/CreateGroupRequest';
import type { CreateGroupResponse as _chat_v1_CreateGroupResponse, CreateGroupResponse__Output as _chat_v1_CreateGroupResponse__Output } from './chat/v1/CreateGroupResponse';
import type { DeleteGroupRequest as _chat_v1_DeleteGroupRequest, DeleteGroupRequest__Output as _chat_v1_DeleteGroupRequest__Output } from './chat/v1/DeleteGroupRequest';
import type { DeleteGroupResponse as _chat_v1_DeleteGroupResponse, DeleteGroupResponse__Output as _chat_v1_DeleteGroupResponse__Output } from './chat/v1/DeleteGroupResponse';
import type { GetGroupRequest as _chat_v1_GetGroupRequest, GetGroupRequest__Output as _chat_v1_GetGroupRequest__Output } from './chat/v1/GetGroupRequest';
import type { GetHistoryRequest as _chat_v1_GetHistoryRequest, GetHistoryRequest__Output as _chat_v1_GetHistoryRequest__Output } from './chat/v1/GetHistoryRequest';
import type { Group as _chat_v1_Group, Group__Output as _chat_v1_Group__Output } from './chat/v1/Group';
import type { GroupAdopted as _chat_v1_GroupAdopted, GroupAdopted__Output as _chat_v1_GroupAdopted__Output } from './chat/v1/GroupAdopted';
import type { GroupChatServiceClient as _chat_v1_GroupChatServiceClient, GroupChatServiceDefinition as _chat_v1_GroupChatServiceDefinition } from './chat/v1/GroupChatService';
import type { GroupCreated as _chat_v1_GroupCreated, GroupCreated__Output as _chat_v1_GroupCreated__Output } from './chat/v1/GroupCreated';
import type { GroupDeleted as _chat_v1_GroupDeleted, GroupDeleted__Output as _chat_v1_GroupDeleted__Output } from './chat/v1/GroupDeleted';
import type { GroupEvent as _chat_v1_GroupEvent, GroupEvent__Output as _chat_v1_GroupEvent__Output } from './chat/v1/GroupEvent';
import type { HistoryPage as _chat_v1_HistoryPage, HistoryPage__Output as _chat_v1_HistoryPage__Output } from './chat/v1/HistoryPage';
import type { MemberAdded as _chat_v1_MemberAdded, MemberAdded__Output as _chat_v1_MemberAdded__Output } from './chat/v1/MemberAdded';
import type { MemberRemoved as _chat_v1_MemberRemoved, MemberRemoved__Output as _chat_v1_MemberRemoved__Output } from './chat/v1/MemberRemoved';
import type { MembershipRequest as _chat_v1_MembershipRequest, MembershipRequest__Output as _chat_v1_MembershipRequest__Output } from './chat/v1/MembershipRequest';
import type { PostMessageRequest as _chat_v1_PostMessageRequest, PostMessageRequest__Output as _chat_v1_PostMessageRequest__Output } from './chat/v1/PostMessageRequest';
import type { PostMessageResponse as _chat_v1_PostMessageResponse, PostMessageResponse__Output as _chat_v1_PostMessageResponse__Output } from './chat/v1/PostMessageResponse';
import type { RemoveMemberResponse as _chat_v1_RemoveMemberResponse, RemoveMemberResponse__Output as _chat_v1_RemoveMemberResponse__Output } from './chat/v1/RemoveMemberResponse';
import type { SubscribeGroupRequest as _chat_v1_SubscribeGroupRequest, SubscribeGroupRequest__Output as _chat_v1_SubscribeGroupRequest__Output } from './chat/v1/SubscribeGroupRequest';
import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from './google/protobuf/Timestamp';

type SubtypeConstructor<Constructor extends new (...args: any) => any, Subtype> = {
  new(...args: ConstructorParameters<Constructor>): Subtype;
};

export interface ProtoGrpcType {
  chat: {
    v1: {
      AddMemberResponse: MessageTypeDefinition<_chat_v1_AddMemberResponse, _chat_v1_AddMemberResponse__Output>
      ChatMessage: MessageTypeDefinition<_chat_v1_ChatMessage, _chat_v1_ChatMessage__Output>
      CreateGroupRequest: MessageTypeDefinition<_chat_v1_CreateGroupRequest, _chat_v1_CreateGroupRequest__Output>
      CreateGroupResponse: MessageTypeDefinition<_chat_v1_CreateGroupResponse, _chat_v1_CreateGroupResponse__Output>
      DeleteGroupRequest: MessageTypeDefinition<_chat_v1_DeleteGroupRequest, _chat_v1_DeleteGroupRequest__Output>
      DeleteGroupResponse: MessageTypeDefinition<_chat_v1_DeleteGroupResponse, _chat_v1_DeleteGroupResponse__Output>
      GetGroupRequest: MessageTypeDefinition<_chat_v1_GetGroupRequest, _chat_v1_GetGroupRequest__Output>
      GetHistoryRequest: MessageTypeDefinition<_chat_v1_GetHistoryRequest, _chat_v1_GetHistoryRequest__Output>
      Group: MessageTypeDefinition<_chat_v1_Group, _chat_v1_Group__Output>
      GroupAdopted: MessageTypeDefinition<_chat_v1_GroupAdopted, _chat_v1_GroupAdopted__Output>
      GroupChatService: SubtypeConstructor<typeof grpc.Client, _chat_v1_GroupChatServiceClient> & { service: _chat_v1_GroupChatServiceDefinition }
      GroupCreated: MessageTypeDefinition<_chat_v1_GroupCreated, _chat_v1_GroupCreated__Output>
      GroupDeleted: MessageTypeDefinition<_chat_v1_GroupDeleted, _chat_v1_GroupDeleted__Output>
      GroupEvent: MessageTypeDefinition<_chat_v1_GroupEvent, _chat_v1_GroupEvent__Output>
      HistoryPage: MessageTypeDefinition<_chat_v1_HistoryPage, _chat_v1_HistoryPage__Output>
      MemberAdded: MessageTypeDefinition<_chat_v1_MemberAdded, _chat_v1_MemberAdded__Output>
      MemberRemoved: MessageTypeDefinition<_chat_v1_MemberRemoved, _chat_v1_MemberRemoved__Output>
      MembershipRequest: MessageTypeDefinition<_chat_v1_MembershipRequest, _chat_v1_MembershipRequest__Output>
      PostMessageRequest: MessageTypeDefinition<_chat_v1_PostMessageRequest, _chat_v1_PostMessageRequest__Output>
      PostMessageResponse: MessageTypeDefinition<_chat_v1_PostMessageResponse, _chat_v1_PostMessageResponse__Output>
      RemoveMemberResponse: MessageTypeDefinition<_chat_v1_RemoveMemberResponse, _chat_v1_RemoveMemberResponse__Output>
      SubscribeGroupRequest: MessageTypeDefinition<_chat_v1_SubscribeGroupRequest, _chat_v1_SubscribeGroupRequest__Output>
    }
  }
  google: {
    protobuf: {
      Timestamp: MessageTypeDefinition<_google_protobuf_Timestamp, _google_protobuf_Timestamp__Output>
    }
  }
}

