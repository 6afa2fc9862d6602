import { GroupDeletedError, GroupNotFoundError } from '../../domain/group/group.errors';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { GroupRepository } from '../group.repository';
import { PresenceRegistry } from '../ports/presence.port';

export interface GroupMembers {
  readonly groupId: GroupId;
  /** Absent for a group adopted from the directory, whose creator the chat never learnt. */
  readonly createdBy?: UserId;
  /** In the order they joined. */
  readonly members: UserId[];
  /** Members with at least one open connection. */
  readonly online: UserId[];
  readonly lastMessageSeq: number;
}

/** A group's members and which of them are online. */
export class GetGroupMembersUseCase {
  constructor(
    private readonly groups: GroupRepository,
    private readonly presence: PresenceRegistry,
  ) {}

  async execute(groupId: GroupId): Promise<GroupMembers> {
    const { state } = await this.groups.current(groupId);
    if (state.status === 'unknown') throw new GroupNotFoundError(groupId);
    if (state.status === 'deleted') throw new GroupDeletedError(groupId);
    const connected = new Set(await this.presence.onlineMembers(groupId));
    return {
      groupId,
      ...(state.createdBy !== undefined && { createdBy: state.createdBy }),
      members: [...state.members],
      online: state.members.filter((member) => connected.has(member)),
      lastMessageSeq: state.lastMessageSeq,
    };
  }
}
