import { EventMetadata } from '../../application/ports/event-store.port';
import { AddMemberUseCase } from '../../application/use-cases/add-member.use-case';
import { CreateGroupUseCase } from '../../application/use-cases/create-group.use-case';
import { DeleteGroupUseCase } from '../../application/use-cases/delete-group.use-case';
import { RemoveMemberUseCase } from '../../application/use-cases/remove-member.use-case';
import { GroupUpdate } from './group-update';

/**
 * Applies a group update through its use case. Each resolves once the effect is durable, and each is idempotent, so a
 * redelivered update records nothing: re-creating a group by the same creator, adding a present member, removing an
 * absent one and deleting a deleted group are no-ops. It rejects with a GroupRuleViolation for an update the group
 * refuses for good, and with anything else for a failure that may pass (the store is down).
 */
export class GroupUpdateDispatcher {
  constructor(
    private readonly createGroup: CreateGroupUseCase,
    private readonly addMember: AddMemberUseCase,
    private readonly removeMember: RemoveMemberUseCase,
    private readonly deleteGroup: DeleteGroupUseCase,
  ) {}

  async apply(update: GroupUpdate, metadata: EventMetadata): Promise<void> {
    switch (update.type) {
      case 'GROUP_CREATED':
        await this.createGroup.execute({ groupId: update.groupId, createdBy: update.createdBy }, metadata);
        return;
      case 'GROUP_DELETED':
        await this.deleteGroup.execute(update.groupId, metadata);
        return;
      case 'MEMBER_ADDED':
        await this.addMember.execute({ groupId: update.groupId, memberId: update.memberId }, metadata);
        return;
      case 'MEMBER_REMOVED':
        await this.removeMember.execute({ groupId: update.groupId, memberId: update.memberId }, metadata);
        return;
    }
  }
}
