import { Logger } from '@nestjs/common';
import {
  EventStore,
  EventStoreUnavailableError,
  ReadStreamOptions,
  RecordedEvent,
  Snapshot,
} from '../../../application/ports/event-store.port';
import { MessageIndex, ReadMessagesOptions } from '../../../application/ports/message-index.port';
import { LevelEventStore } from '../../../infrastructure/event-store/level/level-event-store';
import { GroupUpdateCodec } from '../../../presentation/amqp/group-update.codec';
import { GroupUpdateDispatcher } from '../../../presentation/amqp/group-update.dispatcher';
import { GroupUpdatesConsumer } from '../../../presentation/amqp/group-updates.consumer';
import { chatApplication } from '../../support/chat-application';
import { describeWithService } from '../../support/services';
import { temporaryDirectory } from '../../support/temporary-directory';
import { userService } from '../../support/user-service-avro';
import { Queues, testBrokerUrl, uniqueQueues, UserServiceBroker } from '../../support/user-service-broker';

// Each test starts the service (or a consumer) and waits, with deadlines of its own, for effects on a real broker;
// on a busy machine that takes longer than jest's default 5 s.
jest.setTimeout(60_000);

/** The real store, which can be taken down and brought back: the failure a consumer must ride out. */
class StoreThatCanGoDown implements EventStore, MessageIndex {
  down = false;
  failures = 0;

  constructor(private readonly store: EventStore & MessageIndex) {}

  get atomicMultiEventAppends() {
    return this.store.atomicMultiEventAppends;
  }

  get storeId() {
    return this.store.storeId;
  }

  get singleWriter() {
    return this.store.singleWriter;
  }

  append(streamId: string, expectedVersion: number, events: readonly RecordedEvent[], snapshot?: Snapshot) {
    return this.whenUp(() => this.store.append(streamId, expectedVersion, events, snapshot));
  }
  readStream(streamId: string, options?: ReadStreamOptions) {
    return this.whenUp(() => this.store.readStream(streamId, options));
  }
  readLatestSnapshot(streamId: string) {
    return this.whenUp(() => this.store.readLatestSnapshot(streamId));
  }
  readMessages(streamId: string, options: ReadMessagesOptions) {
    return this.whenUp(() => this.store.readMessages(streamId, options));
  }
  ping() {
    return this.whenUp(() => this.store.ping());
  }
  close() {
    return this.store.close();
  }

  private async whenUp<T>(operation: () => Promise<T>): Promise<T> {
    if (this.down) {
      this.failures++;
      throw new EventStoreUnavailableError('the store is down (test)');
    }
    return operation();
  }
}

async function eventually(condition: () => Promise<boolean> | boolean, what: string, timeoutMs = 15_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (!(await condition())) {
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
}

/**
 * The consumer class itself on the real broker, over the application and a real store that the test can take down:
 * a running service's embedded store cannot be made to fail from outside.
 */
describeWithService('RABBITMQ', 'group updates while the event store is down', () => {
  const directory = temporaryDirectory('amqp-outage');
  let broker: UserServiceBroker;
  let level: LevelEventStore;
  let store: StoreThatCanGoDown;
  let queues: Queues;
  let consumer: GroupUpdatesConsumer | undefined;

  beforeAll(async () => {
    Logger.overrideLogger(false); // the retries are logged as warnings, by design; not in the test report
    broker = await UserServiceBroker.connect();
    level = await LevelEventStore.open(directory.path);
  });

  beforeEach(async () => {
    queues = uniqueQueues('chat-amqp-outage-test');
    store = new StoreThatCanGoDown(level);
    const app = chatApplication(store);
    consumer = new GroupUpdatesConsumer(
      new GroupUpdateCodec(),
      new GroupUpdateDispatcher(app.createGroup, app.addMember, app.removeMember, app.deleteGroup),
      {
        url: testBrokerUrl(),
        brokerLabel: 'test broker',
        topology: queues,
        prefetch: 16,
        maxBodyBytes: 65_536,
        retry: { initialDelayMs: 10, maxDelayMs: 50 },
      },
    );
    consumer.start();
    await broker.waitForConsumer(queues.queue);
  });

  afterEach(async () => {
    await consumer?.stop();
    await broker.deleteQueues(queues).catch(() => undefined);
  });

  afterAll(async () => {
    await level?.close();
    await broker?.close();
    directory.remove();
  });

  it('retries until the store is back, loses nothing, dead-letters nothing and keeps each group in order', async () => {
    store.down = true;
    await broker.publish(userService.groupCreated('patient', 'alice'));
    // Bob joins and leaves ten times: retried out of order, some of these would turn into no-ops.
    const flips = Array.from({ length: 10 }, (_, i) => (i % 2 === 0 ? 'MemberAdded' : 'MemberRemoved'));
    for (const flip of flips) {
      await broker.publish(
        flip === 'MemberAdded' ? userService.memberAdded('patient', 'bob') : userService.memberRemoved('patient', 'bob'),
      );
    }
    await broker.publish(userService.groupCreated('other', 'dave'));
    await eventually(() => store.failures >= 10, 'several failed attempts');
    // Held, not acknowledged: nothing is back in the queue, and nothing was set aside.
    expect(await broker.inspect(queues.queue)).toEqual({ messages: 0, consumers: 1 });
    expect((await broker.inspect(queues.deadLetterQueue))?.messages).toBe(0);

    store.down = false;
    const typesOf = async (group: string) => (await level.readStream(group)).map((event) => event.type);
    await eventually(async () => (await typesOf('patient')).length === 11 && (await typesOf('other')).length === 1, 'all applied');
    expect(await typesOf('patient')).toEqual(['GroupCreated', ...flips]);
    expect((await broker.inspect(queues.deadLetterQueue))?.messages).toBe(0);
  });

  it('on shutdown during an outage, hands the message it could not store back to the queue', async () => {
    await broker.publish(userService.groupCreated('interrupted', 'alice'));
    await eventually(async () => (await level.readStream('interrupted')).length === 1, 'the group created');

    store.down = true;
    await broker.publish(userService.memberAdded('interrupted', 'bob'));
    await broker.publish(userService.memberAdded('interrupted', 'carol'));
    await eventually(() => store.failures >= 3, 'failed attempts');
    await consumer!.stop();
    consumer = undefined;

    // Both wait for the next consumer, in their order; the first was never acknowledged, the second never started.
    expect(await broker.inspect(queues.queue)).toEqual({ messages: 2, consumers: 0 });
    const first = await broker.take(queues.queue);
    expect(first.content.equals(userService.memberAdded('interrupted', 'bob').avro)).toBe(true);
    expect((await level.readStream('interrupted')).length).toBe(1);
  });
});
