import { Channel } from 'amqplib';

/** position-pal's exchange: the user service publishes every group update here, typed by the `message_type` header. */
export const GROUP_UPDATES_EXCHANGE = 'group_updates_exchange';

export interface GroupUpdatesTopology {
  /** USER_SERVICE_EVENT_QUEUE: the queue this service consumes. */
  readonly queue: string;
  /** Where messages that can never be applied are set aside, with headers saying why. */
  readonly deadLetterExchange: string;
  readonly deadLetterQueue: string;
}

/**
 * Declares everything the consumer relies on. Run on every (re)connection: declarations are idempotent, and a broker
 * that lost non-durable state, or a queue deleted under us, gets it back.
 */
export async function declareGroupUpdatesTopology(channel: Channel, topology: GroupUpdatesTopology): Promise<void> {
  // As the contract says, and as position-pal's user service and chat service declare them: any other flag would make
  // the broker refuse the declaration (PRECONDITION_FAILED) where they already exist.
  await channel.assertExchange(GROUP_UPDATES_EXCHANGE, 'headers', { durable: true });
  await channel.assertQueue(topology.queue, { durable: true });
  // A headers binding without arguments matches every message: the queue receives all four message types.
  await channel.bindQueue(topology.queue, GROUP_UPDATES_EXCHANGE, '');

  await channel.assertExchange(topology.deadLetterExchange, 'fanout', { durable: true });
  await channel.assertQueue(topology.deadLetterQueue, { durable: true });
  await channel.bindQueue(topology.deadLetterQueue, topology.deadLetterExchange, '');
}
