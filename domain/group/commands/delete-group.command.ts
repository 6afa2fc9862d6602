import { GroupId } from '../identifiers';
import { MembershipSource } from './membership-source';

export interface DeleteGroup {
  readonly type: 'DeleteGroup';
  readonly groupId: GroupId;
  readonly at: Date;
  /** `administration` when absent. */
  readonly source?: MembershipSource;
}
