import { GroupId } from '../identifiers';

export const GROUP_DELETED = 'GroupDeleted';

export interface GroupDeleted {
  readonly type: typeof GROUP_DELETED;
  readonly schemaVersion: 1;
  readonly data: {
    readonly groupId: GroupId;
    readonly at: string;
  };
}
