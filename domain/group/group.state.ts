import { GroupId, UserId } from './identifiers';

/** A message that a client named, remembered so that the same message sent again is recognised. */
export interface RecentClientMessage {
  readonly senderId: UserId;
  readonly clientMessageId: string;
  readonly seq: number;
}

export interface UnknownGroup {
  readonly status: 'unknown';
}

export interface ActiveGroup {
  readonly status: 'active';
  readonly groupId: GroupId;
  /** Absent for an adopted group: one that existed before this chat saw it created. */
  readonly createdBy?: UserId;
  /** In the order they joined. */
  readonly members: readonly UserId[];
  readonly lastMessageSeq: number;
  /** Bounded window, oldest first: the state must stay small however long the chat grows. */
  readonly recentClientMessages: readonly RecentClientMessage[];
}

export interface DeletedGroup {
  readonly status: 'deleted';
  readonly groupId: GroupId;
  readonly lastMessageSeq: number;
}

/**
 * Everything needed to decide a command, and nothing more: the chat history itself is never part of it,
 * so loading a group costs the same after ten messages as after ten million.
 */
export type GroupState = UnknownGroup | ActiveGroup | DeletedGroup;

export const UNKNOWN_GROUP: UnknownGroup = { status: 'unknown' };

/** Bump when the shape of GroupState changes: older snapshots are then ignored and the group is replayed. */
export const GROUP_STATE_SCHEMA_VERSION = 1;

export function isMember(state: GroupState, userId: UserId): boolean {
  return state.status === 'active' && state.members.includes(userId);
}

export function findRecentClientMessage(
  state: GroupState,
  senderId: UserId,
  clientMessageId: string,
): RecentClientMessage | undefined {
  if (state.status !== 'active') return undefined;
  return state.recentClientMessages.find(
    (message) => message.clientMessageId === clientMessageId && message.senderId === senderId,
  );
}
