import { GroupId, UserId } from '../identifiers';
import { MembershipSource } from './membership-source';

export interface CreateGroup {
  readonly type: 'CreateGroup';
  readonly groupId: GroupId;
  readonly createdBy: UserId;
  readonly at: Date;
  /** `administration` when absent. */
  readonly source?: MembershipSource;
}
