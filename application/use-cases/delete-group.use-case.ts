import { MembershipSource } from '../../domain/group/commands/membership-source';
import { GroupId } from '../../domain/group/identifiers';
import { GroupCommandHandler } from '../group-command.handler';
import { Clock } from '../ports/clock.port';
import { EventMetadata } from '../ports/event-store.port';

/** Deletes a group and, with it, access to its chat; deleting it again is a no-op. */
export class DeleteGroupUseCase {
  constructor(
    private readonly commands: GroupCommandHandler,
    private readonly clock: Clock,
  ) {}

  async execute(groupId: GroupId, metadata?: EventMetadata, source?: MembershipSource): Promise<{ readonly deleted: boolean }> {
    const outcome = await this.commands.handle({ type: 'DeleteGroup', groupId, at: this.clock.now(), source }, metadata);
    return { deleted: outcome.recorded.length > 0 };
  }
}
