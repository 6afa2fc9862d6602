import { Logger } from '@nestjs/common';
import { AmqpConnectionManager, ChannelWrapper, connect } from 'amqp-connection-manager';
import { ChannelModel, ConfirmChannel, Message } from 'amqplib';
import { randomUUID } from 'node:crypto';
import { RetryInLane } from '../../application/group-command.handler';
import { EventMetadata } from '../../application/ports/event-store.port';
import { answersTo } from '../error-answers';
import { DeadLetterCause, deadLetterOf } from './dead-letter';
import { GroupUpdate } from './group-update';
import { GroupUpdateCodec } from './group-update.codec';
import { PoisonMessageError } from './group-update.errors';
import { GroupUpdateDispatcher } from './group-update.dispatcher';
import { GroupUpdatesObserver } from './group-updates.metrics';
import { declareGroupUpdatesTopology, deleteIfEmpty, GroupUpdatesTopology, inspectQueue } from './group-updates.topology';
import { pause, RetryBackoff, retryDelayMs } from './retry-backoff';

export interface GroupUpdatesConsumerOptions {
  /** amqp(s)://user:password@host:port/vhost */
  readonly url: string;
  /** The broker as logs may show it: no password. */
  readonly brokerLabel: string;
  readonly topology: GroupUpdatesTopology;
  /** Most messages delivered and not yet acknowledged: bounds memory and the work redone after a crash. */
  readonly prefetch: number;
  /** Bodies larger than this are set aside unread (`body_too_large`): a group update is a few hundred bytes. */
  readonly maxBodyBytes: number;
  readonly retry: RetryBackoff;
  readonly observer?: GroupUpdatesObserver;
}

/** A message and the channel it came on: an acknowledgement is only valid on that channel. */
interface Delivery {
  readonly channel: ConfirmChannel;
  readonly message: Message;
  /** Where it was read from: the queue, or the previous queue while that is drained. */
  readonly queue: string;
}

/**
 * AMQP heartbeats every second: a broker that goes silent with the connection still open (a black hole) counts as lost
 * after two missed heartbeats, within about 3 s, and readiness says so.
 */
export const BROKER_HEARTBEAT_SECONDS = 1;

// After a channel error (the broker closed our channel, not the connection), wait this long before reconnecting, so
// that a declaration the broker keeps refusing does not turn into a busy loop.
const RECOVERY_DELAY_MS = 2000;
// A standby instance (another one is the exclusive consumer of an adopted queue) looks this often whether it is free.
const STANDBY_POLL_MS = 2000;

/**
 * Applies the group updates the user service publishes, at least once and in publish order per group:
 *
 * - Acknowledges a message only once its effect is durable (or it is durably dead-lettered). Until then the broker
 *   keeps it, and gives it again after a crash, a lost connection or a shutdown; the use cases make that harmless.
 * - A message it can never apply (unknown type, undecodable body, refused by the domain) is published to the
 *   dead-letter exchange with publisher confirms, and only then acknowledged, so the messages behind it flow on.
 * - Any other failure (the store is down) is retried in place with a capped exponential backoff, in the group's own
 *   lane of the command pipeline, which holds the group's later messages behind it: nothing is lost and nothing
 *   overtakes it. Other groups go on meanwhile.
 * - Messages go to the pipeline in delivery order, whose lane per group applies them in that order, one at a time per
 *   group and concurrently across groups, up to `prefetch` in hand.
 * - With a previous queue configured (the way off an old one), that queue is unbound, then read to its end one
 *   message at a time and deleted, and only then is the queue consumed: nothing in it is lost or overtaken.
 * - Several instances consume one queue, one at a time: the broker's single active consumer on a queue this service
 *   created, an exclusive consumer on one it adopted (the others stand by and take over when it is free). Either way
 *   the role moves when its holder goes, and what it held unacknowledged is delivered again, in order.
 */
export class GroupUpdatesConsumer {
  private readonly logger = new Logger(GroupUpdatesConsumer.name);
  private readonly stopping = new AbortController();
  /** Deliveries being applied or dead-lettered, and what shutdown waits on until there are none. */
  private inHand = 0;
  private allSettled?: () => void;

  private connection?: AmqpConnectionManager;
  private channel?: ChannelWrapper;
  /** The channel whose deliveries are being applied; a message from any other is left for redelivery. */
  private live?: ConfirmChannel;
  /** What the live channel reads: the previous queue while it is drained, then the queue itself (or stands by for it). */
  private reading?: { readonly queue: string; readonly consumerTag?: string; readonly standby?: boolean };
  /** Whether the queue is consumed exclusively (an adopted queue, without the broker's single active consumer). */
  private exclusive = false;
  /** The drain of the previous queue while it runs: shutdown waits for it. */
  private draining?: Promise<void>;
  private recoveryTimer?: NodeJS.Timeout;
  private connected = false;
  private warnedConnectFailure = false;

  constructor(
    private readonly codec: GroupUpdateCodec,
    private readonly dispatcher: GroupUpdateDispatcher,
    private readonly options: GroupUpdatesConsumerOptions,
    private readonly now: () => Date = () => new Date(),
  ) {}

  /** Connects in the background: the service starts and serves chat while the broker is still unreachable. */
  start(): void {
    const { brokerLabel: broker, topology } = this.options;
    const connection = connect([this.options.url], { heartbeatIntervalInSeconds: BROKER_HEARTBEAT_SECONDS, reconnectTimeInSeconds: 2 });
    connection.on('connect', () => {
      this.connected = true;
      this.warnedConnectFailure = false;
      this.logger.log({ msg: 'connected to the broker', broker });
    });
    connection.on('disconnect', ({ err }) => {
      if (this.connected) this.logger.warn({ msg: 'lost the broker, reconnecting', broker, error: err?.message });
      this.connected = false;
    });
    connection.on('connectFailed', ({ err }) => {
      // Once per outage: the manager retries every two seconds, and the log should say so once, not every time.
      if (this.warnedConnectFailure) return;
      this.warnedConnectFailure = true;
      this.logger.warn({ msg: 'cannot reach the broker, retrying', broker, error: err?.message });
    });
    this.connection = connection;
    this.channel = connection.createChannel({
      name: `group-updates:${topology.queue}`,
      confirm: true,
      setup: (channel: ConfirmChannel) =>
        this.setUp(channel).catch((error: unknown) => {
          // The channel stays open but idle after a failed set-up: start over on a fresh connection.
          this.recover(`cannot set up the group updates channel: ${describe(error)}`);
          throw error;
        }),
    });
    this.channel.on('error', (error: Error) =>
      this.logger.error({ msg: 'cannot set up the group updates channel', queue: topology.queue, error: error.message }),
    );
  }

  /** For readiness: resolves while connected and consuming, rejects naming the broker otherwise. */
  async checkConsuming(): Promise<void> {
    if (!this.connected || !this.live || !this.reading) {
      throw new Error(`not consuming from ${this.options.brokerLabel} (${this.connected ? 'setting up' : 'disconnected'})`);
    }
  }

  /**
   * Stops taking messages, finishes those it holds, then closes: called before the event store closes. The consumer is
   * not cancelled first: the broker would hand the next messages to another instance while these are still being
   * applied, and one group's updates could be applied out of order. Whatever arrives meanwhile is left unacknowledged
   * and goes back, in order, when the channel closes.
   */
  async stop(): Promise<void> {
    if (!this.connection) return;
    this.stopping.abort();
    clearTimeout(this.recoveryTimer);
    await this.draining;
    // A retry in a lane gives up as soon as stopping is signalled: what it held is left for redelivery.
    if (this.inHand > 0) await new Promise<void>((resolve) => (this.allSettled = resolve));
    // Closing the channel hands every message still unacknowledged back to the queue.
    await this.connection.close();
    this.logger.log({ msg: 'stopped consuming group updates', queue: this.options.topology.queue });
  }

  /** Runs on every connection and reconnection, on a fresh channel. */
  private async setUp(channel: ConfirmChannel): Promise<void> {
    // Without a listener an 'error' event would throw and take the process down.
    channel.on('error', (error: Error) => this.recover(`the broker closed the channel: ${error.message}`));
    channel.on('close', () => {
      if (this.live !== channel) return;
      this.live = undefined;
      this.reading = undefined;
    });
    const connection = this.connection?.connection;
    if (!connection) throw new Error('no broker connection to set up the group updates channel on');
    const { queue } = this.options.topology;
    const declared = await declareGroupUpdatesTopology(channel, connection, this.options.topology);
    this.exclusive = declared.adoptedAsIs !== undefined;
    if (declared.adoptedAsIs !== undefined) {
      this.logger.warn({
        msg: 'consuming an existing queue as it is, as its exclusive consumer; if it is not durable, what it holds is lost ' +
          'when the broker restarts: move to a queue of our own with USER_SERVICE_PREVIOUS_EVENT_QUEUE',
        queue,
        reason: declared.adoptedAsIs,
      });
    }
    if (this.stopping.signal.aborted) return;
    await channel.prefetch(this.options.prefetch);
    // Live before consuming: the first deliveries can arrive before consume() resolves, and a message from a channel
    // that is not live is left unacknowledged.
    this.live = channel;
    const previous = declared.previousQueue;
    if (!previous) return this.consumeOrStandBy(channel, connection);
    if (previous.consumers > 0) {
      this.logger.warn({ msg: 'the previous queue still has other consumers: stop them (the old chat service?)', ...previous });
    }
    // In the background: set-up must end for the channel to count as open, and a drain may take a while.
    const draining: Promise<void> = this.drainThenConsume(channel, connection, previous.name)
      .catch((error: unknown) => {
        // A channel that closed under the drain is being replaced already; only a live one's failure needs recovery.
        if (this.live === channel && !this.stopping.signal.aborted) this.recover(`draining ${previous.name} failed: ${describe(error)}`);
      })
      .finally(() => {
        if (this.draining === draining) this.draining = undefined;
      });
    this.draining = draining;
  }

  /**
   * Consumes the queue; an adopted one only once nobody else consumes it (an exclusive consumer there would make the
   * broker close this channel), looking again every few seconds in the background meanwhile.
   */
  private async consumeOrStandBy(channel: ConfirmChannel, connection: ChannelModel): Promise<void> {
    if (!this.exclusive) return this.consume(channel);
    const { queue } = this.options.topology;
    const consumers = (await inspectQueue(connection, queue))?.consumers ?? 0;
    if (consumers === 0) return this.consume(channel);
    this.reading = { queue, standby: true };
    this.logger.log({ msg: 'another consumer holds the group updates queue; standing by to take over', queue, consumers });
    void this.standBy(channel, connection).catch((error: unknown) => {
      if (this.live === channel && !this.stopping.signal.aborted) this.recover(`standing by failed: ${describe(error)}`);
    });
  }

  private async standBy(channel: ConfirmChannel, connection: ChannelModel): Promise<void> {
    const { queue } = this.options.topology;
    for (;;) {
      await pause(STANDBY_POLL_MS, this.stopping.signal);
      if (this.live !== channel || this.stopping.signal.aborted) return;
      if (((await inspectQueue(connection, queue))?.consumers ?? 0) === 0) break;
    }
    if (this.live === channel && !this.stopping.signal.aborted) await this.consume(channel);
  }

  private async consume(channel: ConfirmChannel): Promise<void> {
    const { queue } = this.options.topology;
    const consumerTag = `chat-group-updates-${randomUUID()}`;
    this.reading = { queue, consumerTag };
    await channel.consume(queue, (message) => this.onDelivery(channel, message), {
      noAck: false,
      consumerTag,
      exclusive: this.exclusive,
    });
    this.logger.log({
      msg: 'consuming group updates',
      queue,
      prefetch: this.options.prefetch,
      role: this.exclusive ? 'exclusive consumer' : 'single active consumer (one instance at a time)',
    });
  }

  /**
   * Applies the previous queue's messages one by one (basic.get: each settled before the next is taken, so no group's
   * order can change), deletes it once empty, then consumes the queue. A channel lost meanwhile ends this; the next
   * set-up starts over where the previous queue stands.
   */
  private async drainThenConsume(channel: ConfirmChannel, connection: ChannelModel, previousQueue: string): Promise<void> {
    this.reading = { queue: previousQueue };
    this.logger.log({ msg: 'draining the previous queue before consuming the queue', previousQueue, queue: this.options.topology.queue });
    let drained = 0;
    for (;;) {
      if (this.live !== channel || this.stopping.signal.aborted) return;
      const message = await channel.get(previousQueue, { noAck: false });
      // Shutting down: unacknowledged, it goes back to the previous queue when the channel closes.
      if (this.stopping.signal.aborted) return;
      if (message !== false) {
        await this.dispatch(channel, message, previousQueue);
        drained++;
        continue;
      }
      if (await deleteIfEmpty(connection, previousQueue)) break;
    }
    this.logger.log({ msg: 'previous queue drained and deleted', previousQueue, drained });
    if (this.live === channel && !this.stopping.signal.aborted) await this.consumeOrStandBy(channel, connection);
  }

  private onDelivery(channel: ConfirmChannel, message: Message | null): void {
    if (message === null) {
      this.recover('the broker cancelled the consumer (was the queue deleted?)');
      return;
    }
    // Stopping: an update given up just now must not be overtaken by one that arrives before the cancel is through.
    // Unacknowledged, this one goes back to the queue when the channel closes.
    if (this.stopping.signal.aborted) return;
    void this.dispatch(channel, message, this.options.topology.queue);
  }

  /**
   * Hands the message to the command pipeline synchronously, in delivery order: the group's lane there keeps one
   * group's updates in that order. A message that cannot be decoded is dead-lettered at once.
   */
  private async dispatch(channel: ConfirmChannel, message: Message, queue: string): Promise<void> {
    const delivery = { channel, message, queue };
    let update: GroupUpdate | undefined;
    let poison: DeadLetterCause | undefined;
    const { maxBodyBytes } = this.options;
    if (message.content.length > maxBodyBytes) {
      poison = {
        reason: 'body_too_large',
        code: 'BODY_TOO_LARGE',
        message: `a body of ${message.content.length} bytes, above AMQP_MAX_BODY_BYTES (${maxBodyBytes})`,
      };
    } else try {
      update = this.codec.decode({
        messageType: message.properties.headers?.message_type,
        contentType: message.properties.contentType,
        body: message.content,
      });
    } catch (error) {
      poison = poisonCause(error);
    }
    this.inHand++;
    try {
      await this.settle(delivery, update ? this.apply(update, delivery) : Promise.resolve(poison));
    } finally {
      if (--this.inHand === 0) this.allSettled?.();
    }
  }

  /**
   * Applies the update, retried in its lane while the failure may pass; resolves with why it must be dead-lettered
   * when it is refused for good, rejects when it was given up at shutdown.
   */
  private async apply(update: GroupUpdate, { channel, message }: Delivery): Promise<DeadLetterCause | undefined> {
    try {
      await this.dispatcher.apply(update, metadataOf(message), this.retryInLane(update, channel));
      return undefined;
    } catch (error) {
      // The error table says which failures are for good (dead-lettered) and which may pass (given up at shutdown).
      const { code, groupUpdate } = answersTo(error);
      if (groupUpdate === 'retried') throw error;
      return { reason: groupUpdate.deadLetter, code, message: (error as Error).message };
    }
  }

  /**
   * How an update that failed for a passing reason is retried in its group's lane: after a capped exponential backoff,
   * for as long as it takes, until shutdown or until its channel closes. Then it and the group's later updates from
   * the same channel (the same source) are given up: unacknowledged, the broker delivers them again, in order.
   */
  private retryInLane(update: GroupUpdate, channel: ConfirmChannel): RetryInLane {
    const wanted = () => !this.stopping.signal.aborted && this.live === channel;
    return {
      source: channel,
      // Not after its channel closed: the broker hands it to another consumer. While stopping it still is: the
      // updates in hand are finished, as the consumer promises.
      wanted: () => this.live === channel,
      again: async (failures, error) => {
        if (!wanted()) return false;
        this.options.observer?.retried(update.type);
        const delayMs = retryDelayMs(this.options.retry, failures);
        this.logger.warn({
          msg: 'cannot apply a group update yet, retrying',
          groupId: update.groupId,
          failures,
          delayMs,
          error: describe(error),
        });
        await pause(delayMs, this.stopping.signal);
        return wanted();
      },
    };
  }

  /**
   * Once the outcome is known, dead-letters the message if it must be, then acknowledges it; never rejects. A message
   * given up at shutdown, or whose channel closed meanwhile, is left unacknowledged: the broker gives it again, in
   * order with the group's later messages, which were left too.
   */
  private async settle(delivery: Delivery, outcome: Promise<DeadLetterCause | undefined>): Promise<void> {
    try {
      const deadLetterCause = await outcome;
      // From a channel that has since closed, the message is back in the queue and comes again on the new channel.
      if (this.live !== delivery.channel) return;
      if (deadLetterCause) await this.deadLetter(delivery, deadLetterCause);
      delivery.channel.ack(delivery.message);
      this.options.observer?.settled(
        messageTypeOf(delivery.message),
        deadLetterCause ? 'dead_lettered' : 'applied',
        delivery.message.fields.redelivered,
      );
    } catch (error) {
      this.logger.warn({ msg: 'group update left for redelivery', messageType: messageTypeOf(delivery.message), error: describe(error) });
      // Given up with its channel still open and the service not stopping: a failure no lane held (a bug). A fresh
      // channel has the broker deliver it again, in order with what came after it.
      if (!this.stopping.signal.aborted && this.live === delivery.channel) this.recover(`a group update failed: ${describe(error)}`);
    }
  }

  private async deadLetter({ channel, message, queue }: Delivery, cause: DeadLetterCause): Promise<void> {
    const { deadLetterExchange } = this.options.topology;
    const { content, options } = deadLetterOf(message, queue, cause, this.now());
    // Confirmed by the broker before the original is acknowledged: a crash in between duplicates it, never loses it.
    await new Promise<void>((resolve, reject) =>
      channel.publish(deadLetterExchange, queue, content, options, (error) => (error ? reject(error) : resolve())),
    );
    this.logger.warn({
      msg: 'group update dead-lettered',
      messageType: String(message.properties.headers?.message_type),
      reason: cause.reason,
      code: cause.code,
      error: cause.message,
      deadLetterExchange,
    });
  }

  /** Reopens the connection, and with it the channel, the topology and the consumer, after a short wait. */
  private recover(why: string): void {
    if (this.stopping.signal.aborted || this.recoveryTimer) return;
    this.logger.warn({ msg: `${why}; reconnecting`, queue: this.options.topology.queue, delayMs: RECOVERY_DELAY_MS });
    this.recoveryTimer = setTimeout(() => {
      this.recoveryTimer = undefined;
      if (!this.stopping.signal.aborted) this.connection?.reconnect();
    }, RECOVERY_DELAY_MS);
  }
}

function messageTypeOf(message: Message): string {
  return String(message.properties.headers?.message_type ?? '');
}

function poisonCause(error: unknown): DeadLetterCause {
  if (error instanceof PoisonMessageError) return { reason: error.reason, code: error.code, message: error.message };
  return { reason: 'undecodable_body', code: 'UNDECODABLE_BODY', message: describe(error) };
}

/** Ties the stored events to the broker message, for tracing. */
function metadataOf(message: Message): EventMetadata {
  const { messageId, correlationId } = message.properties as { messageId?: unknown; correlationId?: unknown };
  return {
    ...(correlationId !== undefined && { correlationId: String(correlationId) }),
    ...(messageId !== undefined && { causationId: String(messageId) }),
  };
}

function describe(error: unknown): string {
  return error instanceof Error ? `${error.name}: ${error.message}` : String(error);
}
