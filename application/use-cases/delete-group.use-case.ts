import { MembershipSource } from '../../domain/group/commands/membership-source';
import { GroupId } from '../../domain/group/identifiers';
import { GroupCommandHandler, RetryInLane } from '../group-command.handler';
import { Clock } from '../ports/clock.port';
import { EventMetadata } from '../ports/event-store.port';

/** Deletes a group and, with it, access to its chat; deleting it again is a no-op. */
export class DeleteGroupUseCase {
  constructor(
    private readonly commands: GroupCommandHandler,
    private readonly clock: Clock,
  ) {}

  async execute(
    request: { readonly groupId: GroupId; readonly source?: MembershipSource },
    metadata?: EventMetadata,
    retry?: RetryInLane,
  ): Promise<{ readonly deleted: boolean }> {
    const { groupId, source } = request;
    const outcome = await this.commands.handle({ type: 'DeleteGroup', groupId, at: this.clock.now(), source }, metadata, retry);
    return { deleted: outcome.recorded.length > 0 };
  }
}
