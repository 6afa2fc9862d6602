import { GroupPresence, PresenceRegistry } from '../ports/presence.port';

export interface InstanceDescription {
  readonly instanceId: string;
  readonly startedAt: string;
  /** The groups with open sockets on this instance. */
  readonly groups: GroupPresence[];
}

/**
 * What runs where, for operators (what safe-chat showed as cluster members and the rooms each hosts). A list of
 * instances with this one in it: when several instances share presence, the same answer lists all of them.
 */
export class DescribeInstanceUseCase {
  constructor(
    private readonly presence: PresenceRegistry,
    private readonly instanceId: string,
    private readonly startedAt: Date,
  ) {}

  async execute(): Promise<{ readonly instances: InstanceDescription[] }> {
    const groups = (await this.presence.groupsOnline()).sort((a, b) => a.groupId.localeCompare(b.groupId));
    return { instances: [{ instanceId: this.instanceId, startedAt: this.startedAt.toISOString(), groups }] };
  }
}
