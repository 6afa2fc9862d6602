import { GroupId } from '../identifiers';

export interface DeleteGroup {
  readonly type: 'DeleteGroup';
  readonly groupId: GroupId;
  readonly at: Date;
}
