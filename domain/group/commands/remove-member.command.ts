import { GroupId, UserId } from '../identifiers';
import { MembershipSource } from './membership-source';

export interface RemoveMember {
  readonly type: 'RemoveMember';
  readonly groupId: GroupId;
  readonly memberId: UserId;
  readonly at: Date;
  /** `administration` when absent. */
  readonly source?: MembershipSource;
}
