import { GroupId } from '../identifiers';

export const GROUP_ADOPTED = 'GroupAdopted';

/**
 * The group directory spoke of a group this chat never saw created: one that existed before this service took over
 * (from the chat service it replaced). The group starts here with no members and no known creator; the events after
 * it say who joins.
 */
export interface GroupAdopted {
  readonly type: typeof GROUP_ADOPTED;
  readonly schemaVersion: 1;
  readonly data: {
    readonly groupId: GroupId;
    readonly at: string;
  };
}
