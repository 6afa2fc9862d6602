import { InstanceDescription, PeerInstances } from '../ports/peer-instances.port';
import { PresenceRegistry } from '../ports/presence.port';

export type { InstanceDescription } from '../ports/peer-instances.port';

/**
 * What runs where, for operators (what safe-chat showed as cluster members and the rooms each hosts): this instance
 * and every other live one, each with the groups it serves and its connection counts.
 */
export class DescribeInstanceUseCase {
  constructor(
    private readonly presence: PresenceRegistry,
    private readonly self: { readonly instanceId: string; readonly startedAt: Date },
    private readonly others: PeerInstances = { peers: () => [] },
  ) {}

  async execute(): Promise<{ readonly instanceId: string; readonly instances: InstanceDescription[] }> {
    const own: InstanceDescription = {
      instanceId: this.self.instanceId,
      startedAt: this.self.startedAt.toISOString(),
      groups: await this.presence.groupsOnline(),
    };
    const instances = [own, ...this.others.peers()]
      .map((instance) => ({ ...instance, groups: [...instance.groups].sort((a, b) => a.groupId.localeCompare(b.groupId)) }))
      .sort((a, b) => a.instanceId.localeCompare(b.instanceId));
    return { instanceId: this.self.instanceId, instances };
  }
}
