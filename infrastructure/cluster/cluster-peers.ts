import { InstanceDescription, PeerInstances } from '../../application/ports/peer-instances.port';
import { ClusterLink, ClusterLogger } from './cluster-link';
import {
  decodeHeartbeat,
  decodeInstanceId,
  encode,
  EVERY_INSTANCE,
  HeartbeatGroup,
  HeartbeatMessage,
  MessageType,
} from './cluster-messages';

export interface ClusterPeersOptions {
  readonly instanceId: string;
  readonly startedAt: Date;
  readonly storeId: string;
  /** How often this instance says it is alive. */
  readonly heartbeatMs: number;
  /** An instance not heard from for this long is dead: its connections expire and its groups are read again. */
  readonly expireAfterMs: number;
}

/** What the other parts of the cluster add to each heartbeat: this instance's sockets, and what it stored. */
export interface HeartbeatContent {
  groups(): HeartbeatGroup[];
  /** The groups written within one lease, each with its last version written. */
  written(): { readonly written: (readonly [string, number])[]; readonly overflow: boolean };
}

export interface Peer {
  readonly instanceId: string;
  startedAt?: string;
  storeId?: string;
  groups: readonly HeartbeatGroup[];
  lastHeardAt: number;
}

export type PeerGone = (peer: Peer, why: 'left' | 'expired') => void;

/**
 * The other live instances, by lease: each instance publishes a heartbeat every `heartbeatMs`, and one not heard from
 * for `expireAfterMs` is taken for dead (a kill -9, a lost network). Its sockets were lost with it; its leases end
 * here. A stopping instance says so and is forgotten at once.
 *
 * Instances on one broker that do not share one store would each keep their own copy of every group: the heartbeat
 * carries the store's id, and the younger of two disagreeing instances refuses to go on.
 */
export class ClusterPeers implements PeerInstances {
  private readonly known = new Map<string, Peer>();
  private readonly heartbeatHandlers: ((peer: Peer, heartbeat: HeartbeatMessage) => void)[] = [];
  private readonly goneHandlers: PeerGone[] = [];
  private readonly appearedHandlers: ((peer: Peer) => void)[] = [];
  private conflictHandler?: (message: string) => void;
  private readonly warnedConflicts = new Set<string>();
  private content: HeartbeatContent = { groups: () => [], written: () => ({ written: [], overflow: false }) };
  private heartbeatTimer?: NodeJS.Timeout;
  private sweepTimer?: NodeJS.Timeout;
  private joinedAt?: number;

  constructor(
    private readonly link: ClusterLink,
    private readonly options: ClusterPeersOptions,
    private readonly logger: ClusterLogger,
    private readonly now: () => number = Date.now,
  ) {
    link.onMessage(MessageType.heartbeat, (body, from) => this.receiveHeartbeat(body, from));
    link.onMessage(MessageType.hello, (_body, from) => {
      this.touch(from);
      this.sendHeartbeat();
    });
    link.onMessage(MessageType.leaving, (body) => {
      const instanceId = decodeInstanceId(body);
      if (instanceId !== undefined) this.forget(instanceId, 'left');
    });
    link.onLinked(() => {
      this.joinedAt = this.now();
      link.publish(EVERY_INSTANCE, MessageType.hello, encode({ instanceId: options.instanceId }));
      this.sendHeartbeat();
    });
  }

  /** Each part of the cluster provides its share of the heartbeat: presence its groups, the bus what it wrote. */
  provide(part: Partial<HeartbeatContent>): void {
    this.content = { ...this.content, ...part };
  }

  onHeartbeat(handler: (peer: Peer, heartbeat: HeartbeatMessage) => void): void {
    this.heartbeatHandlers.push(handler);
  }

  onGone(handler: PeerGone): void {
    this.goneHandlers.push(handler);
  }

  /** An instance this one did not know (a new one, or one back after it expired). */
  onAppeared(handler: (peer: Peer) => void): void {
    this.appearedHandlers.push(handler);
  }

  /** Called once with the reason when this instance must not serve: it shares a broker with another store. */
  onConflict(handler: (message: string) => void): void {
    this.conflictHandler = handler;
  }

  start(): void {
    this.heartbeatTimer = setInterval(() => this.sendHeartbeat(), this.options.heartbeatMs);
    this.sweepTimer = setInterval(() => this.sweep(), Math.max(100, Math.floor(this.options.heartbeatMs / 2)));
    this.heartbeatTimer.unref();
    this.sweepTimer.unref();
  }

  /**
   * For readiness: linked, and linked long enough to have heard the others' answers to its hello, so that its view of
   * who is online (and whether a store conflict stops it) is settled before clients arrive.
   */
  async checkJoined(): Promise<void> {
    await this.link.checkLinked();
    if (this.joinedAt === undefined || this.now() - this.joinedAt < Math.min(1000, this.options.heartbeatMs)) {
      throw new Error('joining the other instances');
    }
  }

  /** Tells the others this instance is going: they forget its connections now. */
  async stop(): Promise<void> {
    clearInterval(this.heartbeatTimer);
    clearInterval(this.sweepTimer);
    this.link.publish(EVERY_INSTANCE, MessageType.leaving, encode({ instanceId: this.options.instanceId }));
  }

  /** Any message proves its sender alive, whether or not a heartbeat introduced it yet. */
  touch(instanceId: string): Peer {
    let peer = this.known.get(instanceId);
    if (!peer) {
      this.known.set(instanceId, (peer = { instanceId, groups: [], lastHeardAt: this.now() }));
      for (const handler of this.appearedHandlers) handler(peer);
    }
    peer.lastHeardAt = this.now();
    return peer;
  }

  peers(): InstanceDescription[] {
    return [...this.known.values()].map((peer) => ({
      instanceId: peer.instanceId,
      startedAt: peer.startedAt ?? '',
      groups: peer.groups.map(({ groupId, users }) => ({
        groupId,
        onlineMembers: users.length,
        connections: users.reduce((sum, [, connections]) => sum + connections, 0),
      })),
    }));
  }

  private receiveHeartbeat(body: Buffer, from: string): void {
    const heartbeat = decodeHeartbeat(body);
    if (!heartbeat || heartbeat.instanceId !== from) return;
    const peer = this.touch(from);
    peer.startedAt = heartbeat.startedAt;
    peer.storeId = heartbeat.storeId;
    peer.groups = heartbeat.groups;
    this.checkSameStore(peer);
    for (const handler of this.heartbeatHandlers) handler(peer, heartbeat);
  }

  private sendHeartbeat(): void {
    if (!this.link.linked) return;
    const taken = this.content.written();
    const heartbeat: HeartbeatMessage = {
      instanceId: this.options.instanceId,
      startedAt: this.options.startedAt.toISOString(),
      storeId: this.options.storeId,
      groups: this.content.groups(),
      written: taken.written,
      ...(taken.overflow && { writtenOverflow: true }),
    };
    this.link.publish(EVERY_INSTANCE, MessageType.heartbeat, encode(heartbeat));
  }

  private sweep(): void {
    const deadline = this.now() - this.options.expireAfterMs;
    for (const peer of [...this.known.values()]) if (peer.lastHeardAt < deadline) this.forget(peer.instanceId, 'expired');
  }

  private forget(instanceId: string, why: 'left' | 'expired'): void {
    const peer = this.known.get(instanceId);
    if (!peer) return;
    this.known.delete(instanceId);
    this.logger.log({ msg: why === 'left' ? 'an instance left' : 'an instance expired', instanceId, silentForMs: this.now() - peer.lastHeardAt });
    for (const handler of this.goneHandlers) handler(peer, why);
  }

  private checkSameStore(peer: Peer): void {
    if (peer.storeId === undefined || peer.storeId === this.options.storeId) return;
    const selfIsYounger =
      this.options.startedAt.toISOString() > (peer.startedAt ?? '') ||
      (this.options.startedAt.toISOString() === peer.startedAt && this.options.instanceId > peer.instanceId);
    const message =
      `instance ${peer.instanceId} shares this broker (cluster ${this.link.exchange}) but not this store: every group would ` +
      'split between them. Instances on one broker must share one store: set the same MONGODB_URL (and MONGODB_DATABASE) on ' +
      'every instance (an embedded store serves one instance only), or give separate services their own CLUSTER_NAME';
    if (selfIsYounger) {
      if (this.conflictHandler) {
        const handler = this.conflictHandler;
        this.conflictHandler = undefined;
        handler(message);
      }
      return;
    }
    if (this.warnedConflicts.has(peer.instanceId)) return;
    this.warnedConflicts.add(peer.instanceId);
    this.logger.warn({ msg: 'a newer instance uses another store and will refuse to serve', instanceId: peer.instanceId });
  }
}
