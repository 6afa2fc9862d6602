import { Clock } from '../ports/clock.port';
import { PresencePublisher } from '../ports/presence-notifications.port';
import { PresenceRegistry } from '../ports/presence.port';
import { MemberConnection } from './connect-member.use-case';

/**
 * Closes a member's live connection. When it was the user's last one in the group, the user goes offline and the
 * group's online members are told, unless `announce` is false (a removed member: the others were told it left).
 * Closing a connection that is not registered changes nothing, so it is safe to call from every path that ends a
 * socket.
 */
export class DisconnectMemberUseCase {
  constructor(
    private readonly presence: PresenceRegistry,
    private readonly notifications: PresencePublisher,
    private readonly clock: Clock,
  ) {}

  async execute(
    connection: MemberConnection,
    { announce = true }: { readonly announce?: boolean } = {},
  ): Promise<{ readonly lastConnection: boolean }> {
    const { groupId, userId, connectionId } = connection;
    const { lastConnection } = await this.presence.disconnect(groupId, userId, connectionId, { announce });
    if (lastConnection && announce) {
      this.notifications.publish({ groupId, userId, change: 'disconnected', at: this.clock.now().toISOString() });
    }
    return { lastConnection };
  }
}
