import { GroupId, UserId } from '../../domain/group/identifiers';
import { GroupCommandHandler } from '../group-command.handler';
import { Clock } from '../ports/clock.port';
import { EventMetadata } from '../ports/event-store.port';

export interface MembershipRequest {
  readonly groupId: GroupId;
  readonly memberId: UserId;
}

/** Adds a member to a group; adding a member twice is a no-op, so a redelivered request is harmless. */
export class AddMemberUseCase {
  constructor(
    private readonly commands: GroupCommandHandler,
    private readonly clock: Clock,
  ) {}

  async execute(request: MembershipRequest, metadata?: EventMetadata): Promise<{ readonly added: boolean }> {
    const outcome = await this.commands.handle(
      { type: 'AddMember', groupId: request.groupId, memberId: request.memberId, at: this.clock.now() },
      metadata,
    );
    return { added: outcome.recorded.length > 0 };
  }
}
