import { GroupId, UserId } from '../identifiers';

export interface AddMember {
  readonly type: 'AddMember';
  readonly groupId: GroupId;
  readonly memberId: UserId;
  readonly at: Date;
}
