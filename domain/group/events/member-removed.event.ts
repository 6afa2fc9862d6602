import { GroupId, UserId } from '../identifiers';

export const MEMBER_REMOVED = 'MemberRemoved';

export interface MemberRemoved {
  readonly type: typeof MEMBER_REMOVED;
  readonly schemaVersion: 1;
  readonly data: {
    readonly groupId: GroupId;
    readonly memberId: UserId;
    readonly at: string;
  };
}
