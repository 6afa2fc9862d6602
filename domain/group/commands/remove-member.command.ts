import { GroupId, UserId } from '../identifiers';

export interface RemoveMember {
  readonly type: 'RemoveMember';
  readonly groupId: GroupId;
  readonly memberId: UserId;
  readonly at: Date;
}
