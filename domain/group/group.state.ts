import { GroupId, UserId } from './identifiers';

/** A message that a client named, remembered so that the same message sent again is recognised. */
export interface RecentClientMessage {
  readonly senderId: UserId;
  readonly clientMessageId: string;
  readonly seq: number;
  /** A digest of its text: the same id with another text is not a resend but a mistake, and is refused. */
  readonly textDigest: string;
  /** When it was stored (ISO-8601): remembered for a bounded time. */
  readonly at: string;
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
  /**
   * Oldest first, bounded per sender in count and in time: the state stays small however long the chat grows, and no
   * sender's posts can push another's out.
   */
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
export const GROUP_STATE_SCHEMA_VERSION = 2;

/**
 * A short digest of a text, in pure TypeScript (the domain uses no platform library): two 32-bit FNV-1a hashes with
 * different offsets over the UTF-16 code units. It tells a resend from another text under the same id; a collision
 * (about one in 2^64) would answer the second text as the first.
 */
export function textDigest(text: string): string {
  let first = 0x811c9dc5;
  let second = 0x01000193 ^ text.length;
  for (let index = 0; index < text.length; index++) {
    const unit = text.charCodeAt(index);
    first = Math.imul(first ^ unit, 0x01000193) >>> 0;
    second = Math.imul(second ^ unit, 0x01000193) >>> 0;
  }
  return first.toString(16).padStart(8, '0') + second.toString(16).padStart(8, '0');
}

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
