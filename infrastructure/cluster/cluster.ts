import { GroupEventBus } from '../../application/ports/group-event-publisher.port';
import { PresencePublisher } from '../../application/ports/presence-notifications.port';
import { PresenceRegistry } from '../../application/ports/presence.port';
import { ClusterGroupEventBus } from './cluster-group-event.bus';
import { ClusterLink, ClusterLogger } from './cluster-link';
import { ClusterPeers } from './cluster-peers';
import { ClusterPresenceRegistry } from './cluster-presence.registry';

export interface ClusterOptions {
  readonly url: string;
  readonly brokerLabel: string;
  readonly clusterName: string;
  readonly instanceId: string;
  readonly startedAt: Date;
  readonly storeId: string;
  readonly heartbeatMs: number;
  readonly expireAfterMs: number;
  readonly maxQueuedMessages: number;
}

/**
 * The instances that share this store and broker, as one service: the link to them, who they are (leases), the bus
 * that carries stored events between them, and presence across them.
 */
export class Cluster {
  readonly link: ClusterLink;
  readonly peers: ClusterPeers;
  readonly bus: GroupEventBus;
  readonly instanceId: string;
  readonly startedAt: Date;

  constructor(
    options: ClusterOptions,
    logger: ClusterLogger,
    observer: { readonly undecodable?: () => void } = {},
  ) {
    this.instanceId = options.instanceId;
    this.startedAt = options.startedAt;
    this.link = new ClusterLink(options, logger);
    this.peers = new ClusterPeers(this.link, options, logger);
    // Named in heartbeats for a lease and one more heartbeat: a loss either ends within it or expires this instance.
    const retainMs = options.expireAfterMs + options.heartbeatMs;
    this.bus = new ClusterGroupEventBus(this.link, this.peers, retainMs, undefined, observer.undecodable);
  }

  /** Presence across the instances; `changes` is where the others' changes are told to this instance's sockets. */
  presence(changes: PresencePublisher): PresenceRegistry {
    return new ClusterPresenceRegistry(this.link, this.peers, changes);
  }

  start(): void {
    this.peers.start();
    this.link.start();
  }

  /** Says goodbye, then closes the link: after the sockets closed and the last commands were published. */
  async stop(): Promise<void> {
    await this.peers.stop();
    await this.link.stop();
  }
}
