import { MembershipSource } from '../../domain/group/commands/membership-source';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { GroupCommandHandler, RetryInLane } from '../group-command.handler';
import { Clock } from '../ports/clock.port';
import { EventMetadata } from '../ports/event-store.port';

export interface CreateGroupRequest {
  readonly groupId: GroupId;
  readonly createdBy: UserId;
  /** The group directory states facts; the administration (the default) asks. */
  readonly source?: MembershipSource;
}

/** Creates a group with its creator as first member; creating it again, by the same creator, is a no-op. */
export class CreateGroupUseCase {
  constructor(
    private readonly commands: GroupCommandHandler,
    private readonly clock: Clock,
  ) {}

  async execute(request: CreateGroupRequest, metadata?: EventMetadata, retry?: RetryInLane): Promise<{ readonly created: boolean }> {
    const outcome = await this.commands.handle(
      { type: 'CreateGroup', groupId: request.groupId, createdBy: request.createdBy, at: this.clock.now(), source: request.source },
      metadata,
      retry,
    );
    return { created: outcome.recorded.length > 0 };
  }
}
