// Original file: presentation/grpc/chat/v1/chat.proto

import type { Timestamp as _google_protobuf_Timestamp, Timestamp__Output as _google_protobuf_Timestamp__Output } from '../../google/protobuf/Timestamp';
import type { GroupCreated as _chat_v1_GroupCreated, GroupCreated__Output as _chat_v1_GroupCreated__Output } from '../../chat/v1/GroupCreated';
import type { MemberAdded as _chat_v1_MemberAdded, MemberAdded__Output as _chat_v1_MemberAdded__Output } from '../../chat/v1/MemberAdded';
import type { MemberRemoved as _chat_v1_MemberRemoved, MemberRemoved__Output as _chat_v1_MemberRemoved__Output } from '../../chat/v1/MemberRemoved';
import type { GroupDeleted as _chat_v1_GroupDeleted, GroupDeleted__Output as _chat_v1_GroupDeleted__Output } from '../../chat/v1/GroupDeleted';
import type { ChatMessage as _chat_v1_ChatMessage, ChatMessage__Output as _chat_v1_ChatMessage__Output } from '../../chat/v1/ChatMessage';
import type { GroupAdopted as _chat_v1_GroupAdopted, GroupAdopted__Output as _chat_v1_GroupAdopted__Output } from '../../chat/v1/GroupAdopted';
import type { Long } from '@grpc/proto-loader';

export interface GroupEvent {
  'group_id'?: (string);
  'version'?: (number | string | Long);
  'event_id'?: (string);
  'at'?: (_google_protobuf_Timestamp | null);
  'group_created'?: (_chat_v1_GroupCreated | null);
  'member_added'?: (_chat_v1_MemberAdded | null);
  'member_removed'?: (_chat_v1_MemberRemoved | null);
  'group_deleted'?: (_chat_v1_GroupDeleted | null);
  'message_posted'?: (_chat_v1_ChatMessage | null);
  'group_adopted'?: (_chat_v1_GroupAdopted | null);
  'kind'?: "group_created"|"member_added"|"member_removed"|"group_deleted"|"message_posted"|"group_adopted";
}

export interface GroupEvent__Output {
  'group_id': (string);
  'version': (number);
  'event_id': (string);
  'at': (_google_protobuf_Timestamp__Output | null);
  'group_created'?: (_chat_v1_GroupCreated__Output | null);
  'member_added'?: (_chat_v1_MemberAdded__Output | null);
  'member_removed'?: (_chat_v1_MemberRemoved__Output | null);
  'group_deleted'?: (_chat_v1_GroupDeleted__Output | null);
  'message_posted'?: (_chat_v1_ChatMessage__Output | null);
  'group_adopted'?: (_chat_v1_GroupAdopted__Output | null);
  'kind'?: "group_created"|"member_added"|"member_removed"|"group_deleted"|"message_posted"|"group_adopted";
}
