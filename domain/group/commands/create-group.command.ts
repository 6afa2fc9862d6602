import { GroupId, UserId } from '../identifiers';

export interface CreateGroup {
  readonly type: 'CreateGroup';
  readonly groupId: GroupId;
  readonly createdBy: UserId;
  readonly at: Date;
}
