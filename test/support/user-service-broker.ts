import { randomUUID } from 'node:crypto';
import { ChannelModel, ConfirmChannel, connect, GetMessage } from 'amqplib';
import { UserServiceMessage } from './user-service-avro';

/** From the contract: the user service publishes every group update here. */
export const GROUP_UPDATES_EXCHANGE = 'group_updates_exchange';

/** The broker the tests use, as global-setup probed it. */
export function testBrokerUrl(): string {
  if (process.env.AMQP_URL) return process.env.AMQP_URL;
  const host = process.env.RABBITMQ_HOST ?? '127.0.0.1';
  return `amqp://guest:guest@${host}:${process.env.RABBITMQ_PORT ?? 5672}`;
}

/** Queue names of one test: its own, so that tests running side by side never take each other's messages. */
export function uniqueQueues(prefix = 'chat-amqp-test') {
  const queue = `${prefix}.${randomUUID()}`;
  return { queue, deadLetterExchange: `${queue}.dead_letter`, deadLetterQueue: `${queue}.dead_letter` };
}

export type Queues = ReturnType<typeof uniqueQueues>;

/** The settings that point a service at the test broker and the test's own queues. */
export function amqpSettings(queues: Queues): Record<string, string> {
  return {
    AMQP_URL: testBrokerUrl(),
    USER_SERVICE_EVENT_QUEUE: queues.queue,
    AMQP_DEAD_LETTER_EXCHANGE: queues.deadLetterExchange,
    AMQP_DEAD_LETTER_QUEUE: queues.deadLetterQueue,
  };
}

/** Plays the user service on a real broker: publishes as it does, and looks at queues from outside. */
export class UserServiceBroker {
  private constructor(
    private readonly connection: ChannelModel,
    private readonly channel: ConfirmChannel,
  ) {}

  static async connect(url = testBrokerUrl()): Promise<UserServiceBroker> {
    const connection = await connect(url);
    return new UserServiceBroker(connection, await connection.createConfirmChannel());
  }

  /** As position-pal's user service: to the headers exchange, typed by `message_type`, Avro binary, persistent. */
  publish(message: UserServiceMessage): Promise<void> {
    return this.publishRaw(message.avro, { message_type: message.messageType });
  }

  /** The same record as JSON, for publishers that do not speak Avro. */
  publishJson(message: UserServiceMessage): Promise<void> {
    return this.publishRaw(Buffer.from(JSON.stringify(message.record)), { message_type: message.messageType }, 'application/json');
  }

  async publishRaw(body: Buffer, headers: Record<string, unknown>, contentType?: string): Promise<void> {
    this.channel.publish(GROUP_UPDATES_EXCHANGE, '', body, {
      headers,
      persistent: true,
      ...(contentType && { contentType }),
      messageId: randomUUID(),
    });
    await this.channel.waitForConfirms();
  }

  /** The queue as a running position-pal declares it (Alpakka's defaults: not durable), bound to the exchange. */
  async declarePositionPalQueue(queue: string): Promise<void> {
    await this.channel.assertExchange(GROUP_UPDATES_EXCHANGE, 'headers', { durable: true });
    await this.channel.assertQueue(queue, { durable: false });
    await this.channel.bindQueue(queue, GROUP_UPDATES_EXCHANGE, '');
  }

  /**
   * Whether `queue`, which must exist, is durable with single active consumer, as the service creates its queue:
   * declaring it so succeeds only then (on a throwaway channel).
   */
  async isDurable(queue: string): Promise<boolean> {
    if (!(await this.inspect(queue))) throw new Error(`no queue ${queue} to tell the durability of`);
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      await channel.assertQueue(queue, { durable: true, arguments: { 'x-single-active-consumer': true } });
      return true;
    } catch {
      return false;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  async deleteQueue(queue: string): Promise<void> {
    await this.channel.deleteQueue(queue);
  }

  /** Ready messages and consumers of a queue; undefined when it does not exist. */
  async inspect(queue: string): Promise<{ messages: number; consumers: number } | undefined> {
    // A passive declaration of a missing queue closes its channel: use a throwaway one.
    const channel = await this.connection.createChannel();
    channel.on('error', () => undefined);
    try {
      const { messageCount, consumerCount } = await channel.checkQueue(queue);
      return { messages: messageCount, consumers: consumerCount };
    } catch {
      return undefined;
    } finally {
      await channel.close().catch(() => undefined);
    }
  }

  /** Resolves once the service consumes `queue` (it connects in the background after start-up). */
  waitForConsumer(queue: string, timeoutMs = 15_000): Promise<void> {
    return this.waitUntil(async () => ((await this.inspect(queue))?.consumers ?? 0) > 0, `a consumer on ${queue}`, timeoutMs);
  }

  /** Resolves once every message of `queue` has been delivered (some may still be unacknowledged). */
  waitForDelivered(queue: string, timeoutMs = 15_000): Promise<void> {
    return this.waitUntil(async () => (await this.inspect(queue))?.messages === 0, `${queue} to be delivered`, timeoutMs);
  }

  /** Takes the next message of a queue (the dead-letter queue), waiting for one up to `timeoutMs`. */
  async take(queue: string, timeoutMs = 15_000): Promise<GetMessage> {
    let taken: GetMessage | false = false;
    await this.waitUntil(async () => (taken = await this.channel.get(queue, { noAck: true })) !== false, `a message on ${queue}`, timeoutMs);
    return taken as unknown as GetMessage;
  }

  async deleteQueues(queues: Queues): Promise<void> {
    await this.channel.deleteQueue(queues.queue);
    await this.channel.deleteQueue(queues.deadLetterQueue);
    await this.channel.deleteExchange(queues.deadLetterExchange);
  }

  async close(): Promise<void> {
    await this.connection.close();
  }

  private async waitUntil(condition: () => Promise<boolean>, what: string, timeoutMs: number): Promise<void> {
    const deadline = Date.now() + timeoutMs;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
      await new Promise((resolve) => setTimeout(resolve, 50));
    }
  }
}
