import { GroupDeletedError, GroupNotFoundError, NotAMemberError } from '../../domain/group/group.errors';
import { isMember } from '../../domain/group/group.state';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { GroupRepository } from '../group.repository';
import { Clock } from '../ports/clock.port';
import { PresencePublisher } from '../ports/presence-notifications.port';
import { PresenceRegistry } from '../ports/presence.port';

export interface MemberConnection {
  readonly groupId: GroupId;
  readonly userId: UserId;
  /** One per socket: a user with several devices holds several connections. */
  readonly connectionId: string;
}

/**
 * Lets a member of an existing group open a live connection to it. The first connection of a user brings the user
 * online, and the group's other online members are told. Throws GroupNotFoundError, GroupDeletedError or
 * NotAMemberError, and records nothing, for anyone else.
 */
export class ConnectMemberUseCase {
  constructor(
    private readonly groups: GroupRepository,
    private readonly presence: PresenceRegistry,
    private readonly notifications: PresencePublisher,
    private readonly clock: Clock,
  ) {}

  /** `connectedAt`: when the connection was registered, the time of its `connected` notice. */
  async execute(connection: MemberConnection): Promise<{ readonly firstConnection: boolean; readonly connectedAt: string }> {
    const { groupId, userId, connectionId } = connection;
    this.groups.requireIdentifier('userId', userId);
    const { state } = await this.groups.current(groupId);
    if (state.status === 'unknown') throw new GroupNotFoundError(groupId);
    if (state.status === 'deleted') throw new GroupDeletedError(groupId);
    if (!isMember(state, userId)) throw new NotAMemberError(groupId, userId);
    const { firstConnection } = await this.presence.connect(groupId, userId, connectionId);
    const connectedAt = this.clock.now().toISOString();
    if (firstConnection) this.notifications.publish({ groupId, userId, change: 'connected', at: connectedAt });
    return { firstConnection, connectedAt };
  }
}
