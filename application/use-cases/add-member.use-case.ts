import { MembershipSource } from '../../domain/group/commands/membership-source';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { GroupCommandHandler, RetryInLane } from '../group-command.handler';
import { Clock } from '../ports/clock.port';
import { EventMetadata } from '../ports/event-store.port';

export interface MembershipRequest {
  readonly groupId: GroupId;
  readonly memberId: UserId;
  /** The group directory states facts; the administration (the default) asks. */
  readonly source?: MembershipSource;
}

/**
 * Adds a member to a group; adding a member twice is a no-op, so a redelivered request is harmless. From the group
 * directory, a group the chat never saw created is adopted (see MembershipSource).
 */
export class AddMemberUseCase {
  constructor(
    private readonly commands: GroupCommandHandler,
    private readonly clock: Clock,
  ) {}

  async execute(request: MembershipRequest, metadata?: EventMetadata, retry?: RetryInLane): Promise<{ readonly added: boolean }> {
    const outcome = await this.commands.handle(
      { type: 'AddMember', groupId: request.groupId, memberId: request.memberId, at: this.clock.now(), source: request.source },
      metadata,
      retry,
    );
    return { added: outcome.recorded.length > 0 };
  }
}
