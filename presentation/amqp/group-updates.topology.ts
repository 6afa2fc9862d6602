import { Channel, ChannelModel } from 'amqplib';

/** position-pal's exchange: the user service publishes every group update here, typed by the `message_type` header. */
export const GROUP_UPDATES_EXCHANGE = 'group_updates_exchange';

export interface GroupUpdatesTopology {
  /** USER_SERVICE_EVENT_QUEUE: the queue this service consumes. */
  readonly queue: string;
  /**
   * USER_SERVICE_PREVIOUS_EVENT_QUEUE: a queue consumed to its end, then deleted, before `queue` is consumed; the
   * way off an old queue (position-pal's non-durable one) without losing or reordering what it holds.
   */
  readonly previousQueue?: string;
  /** Where messages that can never be applied are set aside, with headers saying why. */
  readonly deadLetterExchange: string;
  readonly deadLetterQueue: string;
}

/** What the declaration found. */
export interface DeclaredTopology {
  /**
   * Set when `queue` already existed with other properties (not durable, or without single active consumer), and is
   * consumed as it is: why.
   */
  readonly adoptedAsIs?: string;
  /** The previous queue, still there and now unbound: it must be drained before `queue`. */
  readonly previousQueue?: { readonly name: string; readonly messages: number; readonly consumers: number };
}

/**
 * Declares everything the consumer relies on. Run on every (re)connection: declarations are idempotent, and a broker
 * that lost non-durable state, or a queue deleted under us, gets it back.
 *
 * The consumed queue is created durable with single active consumer: every instance consumes it, the broker delivers
 * to one at a time (so one group's updates are applied in order), and the next takes over when that one goes. One that
 * already exists with other properties is adopted as it is: a running position-pal declared it non-durable, and
 * declaring it otherwise would make the broker refuse (406 PRECONDITION_FAILED) and close the channel. That check runs
 * on a throwaway channel of `connection`; the consumer then takes an adopted queue as its exclusive consumer.
 */
export async function declareGroupUpdatesTopology(
  channel: Channel,
  connection: ChannelModel,
  topology: GroupUpdatesTopology,
): Promise<DeclaredTopology> {
  // As the contract says, and as position-pal's user service and chat service declare it.
  await channel.assertExchange(GROUP_UPDATES_EXCHANGE, 'headers', { durable: true });
  const adoptedAsIs = await declareDurableOrAdopt(connection, topology.queue);
  // A headers binding without arguments matches every message: the queue receives all four message types.
  await channel.bindQueue(topology.queue, GROUP_UPDATES_EXCHANGE, '');

  await channel.assertExchange(topology.deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(topology.deadLetterQueue, { durable: true });
  await channel.bindQueue(topology.deadLetterQueue, topology.deadLetterExchange, '');

  let previousQueue: DeclaredTopology['previousQueue'];
  if (topology.previousQueue) {
    const found = await inspectQueue(connection, topology.previousQueue);
    if (found) {
      // Bound first, unbound second: from here on every update reaches `queue`, and the previous queue only shrinks.
      await channel.unbindQueue(topology.previousQueue, GROUP_UPDATES_EXCHANGE, '');
      previousQueue = { name: topology.previousQueue, ...found };
    }
  }
  return { ...(adoptedAsIs !== undefined && { adoptedAsIs }), ...(previousQueue && { previousQueue }) };
}

/** Deletes the drained previous queue, unless something arrived in it meanwhile: false then, and it is drained again. */
export async function deleteIfEmpty(connection: ChannelModel, queue: string): Promise<boolean> {
  return onThrowawayChannel(connection, async (channel) => {
    await channel.deleteQueue(queue, { ifEmpty: true });
    return true;
  }).catch((error: unknown) => {
    if (amqpCode(error) === PRECONDITION_FAILED) return false;
    throw error;
  });
}

const PRECONDITION_FAILED = 406;
const NOT_FOUND = 404;

/** Undefined when `queue` was created (or already was) as this service declares it; otherwise the broker's reason for keeping it as it is. */
async function declareDurableOrAdopt(connection: ChannelModel, queue: string): Promise<string | undefined> {
  try {
    await onThrowawayChannel(connection, (channel) =>
      channel.assertQueue(queue, { durable: true, arguments: { 'x-single-active-consumer': true } }),
    );
    return undefined;
  } catch (error) {
    if (amqpCode(error) !== PRECONDITION_FAILED) throw error;
    return error instanceof Error ? error.message : String(error);
  }
}

/** Ready messages and consumers of `queue`, or undefined when there is no such queue. */
export async function inspectQueue(connection: ChannelModel, queue: string): Promise<{ messages: number; consumers: number } | undefined> {
  try {
    const { messageCount, consumerCount } = await onThrowawayChannel(connection, (channel) => channel.checkQueue(queue));
    return { messages: messageCount, consumers: consumerCount };
  } catch (error) {
    if (amqpCode(error) === NOT_FOUND) return undefined;
    throw error;
  }
}

/** A refused declaration closes its channel: such probes get one of their own, closed afterwards either way. */
async function onThrowawayChannel<T>(connection: ChannelModel, use: (channel: Channel) => Promise<T>): Promise<T> {
  const channel = await connection.createChannel();
  channel.on('error', () => undefined);
  try {
    return await use(channel);
  } finally {
    await channel.close().catch(() => undefined);
  }
}

function amqpCode(error: unknown): number | undefined {
  const code = (error as { code?: unknown } | undefined)?.code;
  return typeof code === 'number' ? code : undefined;
}
