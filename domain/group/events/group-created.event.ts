import { GroupId, UserId } from '../identifiers';

export const GROUP_CREATED = 'GroupCreated';

export interface GroupCreated {
  readonly type: typeof GROUP_CREATED;
  readonly schemaVersion: 1;
  readonly data: {
    readonly groupId: GroupId;
    readonly createdBy: UserId;
    readonly at: string;
  };
}
