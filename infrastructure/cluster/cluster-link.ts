import { AmqpConnectionManager, ChannelWrapper, connect } from 'amqp-connection-manager';
import { Channel, ConsumeMessage } from 'amqplib';
import { EVERY_INSTANCE } from './cluster-messages';

export interface ClusterLinkOptions {
  /** amqp(s)://user:password@host:port/vhost: the broker the service already needs for group updates. */
  readonly url: string;
  /** The broker as logs may show it: no password. */
  readonly brokerLabel: string;
  /** Instances with the same cluster name on one broker (virtual host) are one service. */
  readonly clusterName: string;
  readonly instanceId: string;
  /** Messages waiting in this instance's queue past which the oldest are dropped (the store fills what they held). */
  readonly maxQueuedMessages: number;
}

export interface ClusterLogger {
  log(entry: object): void;
  warn(entry: object): void;
}

const RECOVERY_DELAY_MS = 2000;

export type ClusterMessageHandler = (body: Buffer, from: string) => void;

/**
 * This instance's link to the others, through RabbitMQ: one direct exchange per cluster, and one queue per instance
 * and connection (exclusive, so the broker deletes it with the connection: an instance that dies leaves nothing
 * behind). The queue is bound to the key every instance hears, and to the key of each group this instance serves, so
 * it receives only what it needs. Delivery is best effort (no acknowledgements): what must not be missed is in the
 * store, and whoever reads this link fills gaps from there.
 */
export class ClusterLink {
  readonly exchange: string;
  private readonly keys = new Set<string>();
  private readonly handlers = new Map<string, ClusterMessageHandler>();
  private readonly linkedHandlers: (() => void)[] = [];
  private connection?: AmqpConnectionManager;
  private wrapper?: ChannelWrapper;
  /** The channel while linked: the queue is declared, bound and consumed. */
  private channel?: Channel;
  private queue?: string;
  private generation = 0;
  private connected = false;
  private warnedConnectFailure = false;
  private stopped = false;
  private recoveryTimer?: NodeJS.Timeout;

  constructor(
    private readonly options: ClusterLinkOptions,
    private readonly logger: ClusterLogger,
  ) {
    this.exchange = `${options.clusterName}.cluster`;
  }

  get linked(): boolean {
    return this.channel !== undefined;
  }

  /** Handles the messages of one type (their AMQP `type` property) from other instances. */
  onMessage(type: string, handler: ClusterMessageHandler): void {
    this.handlers.set(type, handler);
  }

  /** Runs after every (re)link: whatever was published while unlinked never reached this instance. */
  onLinked(handler: () => void): void {
    this.linkedHandlers.push(handler);
  }

  start(): void {
    const { brokerLabel: broker } = this.options;
    // As the group updates consumer: a silent broker is noticed after two missed heartbeats, within about 3 s.
    const connection = connect([this.options.url], { heartbeatIntervalInSeconds: 1, reconnectTimeInSeconds: 2 });
    connection.on('connect', () => {
      this.connected = true;
      this.warnedConnectFailure = false;
    });
    connection.on('disconnect', ({ err }) => {
      if (this.connected) this.logger.warn({ msg: 'cluster link lost the broker, reconnecting', broker, error: err?.message });
      this.connected = false;
    });
    connection.on('connectFailed', ({ err }) => {
      if (this.warnedConnectFailure) return;
      this.warnedConnectFailure = true;
      this.logger.warn({ msg: 'cluster link cannot reach the broker, retrying', broker, error: err?.message });
    });
    this.connection = connection;
    this.wrapper = connection.createChannel({ name: `cluster:${this.options.instanceId}`, setup: (channel: Channel) => this.setUp(channel) });
    this.wrapper.on('error', (error: Error) => {
      this.logger.warn({ msg: 'cluster link set-up failed', error: error.message });
      this.recover();
    });
  }

  /**
   * A channel the broker closed while the connection stays up is not reopened by the connection manager: reconnect,
   * after a pause, so that a declaration the broker keeps refusing does not become a busy loop.
   */
  private recover(): void {
    if (this.stopped || this.recoveryTimer) return;
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = undefined;
      if (!this.stopped && !this.channel && this.connected) this.connection?.reconnect();
    }, RECOVERY_DELAY_MS);
  }

  /** For readiness: rejects while the instance cannot hear the others. */
  async checkLinked(): Promise<void> {
    if (!this.linked) throw new Error(`not linked to the other instances through ${this.options.brokerLabel}`);
  }

  /**
   * Receives what is published under `key` from now on; resolves once the broker confirmed the binding, or at once
   * while unlinked (the next link binds it, and tells onLinked handlers that messages may have been missed).
   */
  async bind(key: string): Promise<void> {
    this.keys.add(key);
    const { channel, queue } = this;
    if (!channel || !queue) return;
    try {
      await channel.bindQueue(queue, this.exchange, key);
    } catch {
      // The channel closed meanwhile: the next set-up binds every key and reports the link as new.
    }
  }

  unbind(key: string): void {
    if (!this.keys.delete(key)) return;
    const { channel, queue } = this;
    if (channel && queue) channel.unbindQueue(queue, this.exchange, key).catch(() => undefined);
  }

  /** Publishes to the instances bound to `key`; false, and nothing sent, while unlinked. */
  publish(key: string, type: string, body: Buffer): boolean {
    const channel = this.channel;
    if (!channel) return false;
    try {
      channel.publish(this.exchange, key, body, { type, appId: this.options.instanceId, contentType: 'application/json' });
      return true;
    } catch {
      return false;
    }
  }

  async stop(): Promise<void> {
    this.stopped = true;
    clearTimeout(this.recoveryTimer);
    const connection = this.connection;
    this.connection = undefined;
    this.channel = undefined;
    await connection?.close();
  }

  private async setUp(channel: Channel): Promise<void> {
    channel.on('error', () => undefined);
    channel.on('close', () => {
      if (this.channel !== channel) return;
      this.channel = undefined;
      // Closed under a live connection (the broker refused something): reconnect. A lost connection reconnects by itself.
      if (this.connected) this.recover();
    });
    // Auto-deleted once no instance's queue is bound to it: a cluster leaves nothing on the broker when it stops.
    await channel.assertExchange(this.exchange, 'direct', { durable: false, autoDelete: true });
    const queue = `${this.options.clusterName}.instance.${this.options.instanceId}.${++this.generation}`;
    await channel.assertQueue(queue, {
      exclusive: true,
      autoDelete: true,
      durable: false,
      // Past the length, the oldest are dropped (the broker's default overflow), and the store fills them in.
      arguments: { 'x-max-length': this.options.maxQueuedMessages },
    });
    await channel.bindQueue(queue, this.exchange, EVERY_INSTANCE);
    // Linked from here on: a key bound or unbound while the rest of the set-up runs goes straight to this channel.
    this.queue = queue;
    this.channel = channel;
    for (const key of [...this.keys]) await channel.bindQueue(queue, this.exchange, key);
    await channel.consume(queue, (message) => this.onDelivery(message), { noAck: true, exclusive: true });
    this.logger.log({ msg: 'linked to the other instances', broker: this.options.brokerLabel, exchange: this.exchange, queue });
    for (const handler of this.linkedHandlers) handler();
  }

  private onDelivery(message: ConsumeMessage | null): void {
    if (!message) return;
    const from = String(message.properties.appId ?? '');
    // Our own messages come back through the bindings we share with the others; we have had them already.
    if (from === this.options.instanceId) return;
    this.handlers.get(String(message.properties.type ?? ''))?.(message.content, from);
  }
}
