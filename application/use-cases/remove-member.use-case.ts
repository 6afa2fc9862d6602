import { GroupCommandHandler, RetryInLane } from '../group-command.handler';
import { Clock } from '../ports/clock.port';
import { EventMetadata } from '../ports/event-store.port';
import { MembershipRequest } from './add-member.use-case';

/** Removes a member from a group; removing an absent member is a no-op, so a redelivered request is harmless. */
export class RemoveMemberUseCase {
  constructor(
    private readonly commands: GroupCommandHandler,
    private readonly clock: Clock,
  ) {}

  async execute(request: MembershipRequest, metadata?: EventMetadata, retry?: RetryInLane): Promise<{ readonly removed: boolean }> {
    const outcome = await this.commands.handle(
      { type: 'RemoveMember', groupId: request.groupId, memberId: request.memberId, at: this.clock.now(), source: request.source },
      metadata,
      retry,
    );
    return { removed: outcome.recorded.length > 0 };
  }
}
