import { GROUP_ADOPTED, GroupAdopted } from './group-adopted.event';
import { GROUP_CREATED, GroupCreated } from './group-created.event';
import { GROUP_DELETED, GroupDeleted } from './group-deleted.event';
import { MEMBER_ADDED, MemberAdded } from './member-added.event';
import { MEMBER_REMOVED, MemberRemoved } from './member-removed.event';
import { MESSAGE_POSTED, MessagePosted } from './message-posted.event';

export type GroupEvent = GroupCreated | GroupAdopted | MemberAdded | MemberRemoved | GroupDeleted | MessagePosted;

export type GroupEventType = GroupEvent['type'];

/** The stored type names. They are part of the storage format: never rename one, add a new type instead. */
export const GROUP_EVENT_TYPES: readonly GroupEventType[] = [
  GROUP_CREATED,
  MEMBER_ADDED,
  MEMBER_REMOVED,
  GROUP_DELETED,
  MESSAGE_POSTED,
  GROUP_ADOPTED,
];

export function isGroupEventType(type: string): type is GroupEventType {
  return (GROUP_EVENT_TYPES as readonly string[]).includes(type);
}
