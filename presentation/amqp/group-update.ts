import { GroupId, UserId } from '../../domain/group/identifiers';

/** The values of the `message_type` header the user service sets, one per record it publishes. */
export const GROUP_UPDATE_MESSAGE_TYPES = ['GROUP_CREATED', 'GROUP_DELETED', 'MEMBER_ADDED', 'MEMBER_REMOVED'] as const;

export type GroupUpdateMessageType = (typeof GROUP_UPDATE_MESSAGE_TYPES)[number];

export function isGroupUpdateMessageType(value: unknown): value is GroupUpdateMessageType {
  return (GROUP_UPDATE_MESSAGE_TYPES as readonly unknown[]).includes(value);
}

/**
 * A decoded group update, reduced to what the chat needs: ids only. The user's name, surname and email travel in the
 * records but the chat keeps none of them.
 */
export type GroupUpdate =
  | { readonly type: 'GROUP_CREATED'; readonly groupId: GroupId; readonly createdBy: UserId }
  | { readonly type: 'GROUP_DELETED'; readonly groupId: GroupId }
  | { readonly type: 'MEMBER_ADDED'; readonly groupId: GroupId; readonly memberId: UserId }
  | { readonly type: 'MEMBER_REMOVED'; readonly groupId: GroupId; readonly memberId: UserId };
