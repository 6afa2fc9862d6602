import { GroupId, UserId } from '../identifiers';

export const MEMBER_ADDED = 'MemberAdded';

export interface MemberAdded {
  readonly type: typeof MEMBER_ADDED;
  readonly schemaVersion: 1;
  readonly data: {
    readonly groupId: GroupId;
    readonly memberId: UserId;
    readonly at: string;
  };
}
