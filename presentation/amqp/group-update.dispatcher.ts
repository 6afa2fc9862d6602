import { RetryInLane } from '../../application/group-command.handler';
import { EventMetadata } from '../../application/ports/event-store.port';
import { AddMemberUseCase } from '../../application/use-cases/add-member.use-case';
import { CreateGroupUseCase } from '../../application/use-cases/create-group.use-case';
import { DeleteGroupUseCase } from '../../application/use-cases/delete-group.use-case';
import { RemoveMemberUseCase } from '../../application/use-cases/remove-member.use-case';
import { GroupUpdate } from './group-update';

const DIRECTORY = 'directory';

/**
 * Applies a group update through its use case, as a fact stated by the group directory (the user service owns groups
 * and members): never refused for the state the chat holds, so a group from before the cutover is adopted on its first
 * update, and an update for a deleted group changes nothing. Each resolves once the effect is durable, and each is
 * idempotent, so a redelivered update records nothing. It rejects with a GroupRuleViolation only for malformed input
 * (an empty or over-long id), and with anything else for a failure that may pass (the store is down).
 */
export class GroupUpdateDispatcher {
  constructor(
    private readonly createGroup: CreateGroupUseCase,
    private readonly addMember: AddMemberUseCase,
    private readonly removeMember: RemoveMemberUseCase,
    private readonly deleteGroup: DeleteGroupUseCase,
  ) {}

  /** `retry`: how a failure that may pass is retried in the group's lane, holding the group's later updates. */
  async apply(update: GroupUpdate, metadata: EventMetadata, retry?: RetryInLane): Promise<void> {
    const { groupId } = update;
    switch (update.type) {
      case 'GROUP_CREATED':
        await this.createGroup.execute({ groupId, createdBy: update.createdBy, source: DIRECTORY }, metadata, retry);
        return;
      case 'GROUP_DELETED':
        await this.deleteGroup.execute({ groupId, source: DIRECTORY }, metadata, retry);
        return;
      case 'MEMBER_ADDED':
        await this.addMember.execute({ groupId, memberId: update.memberId, source: DIRECTORY }, metadata, retry);
        return;
      case 'MEMBER_REMOVED':
        await this.removeMember.execute({ groupId, memberId: update.memberId, source: DIRECTORY }, metadata, retry);
        return;
    }
  }
}
