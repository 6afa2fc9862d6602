import { RunningService, startService } from '../../support/service-process';
import { describeWithService } from '../../support/services';
import { membersOrStatus, readStoredGroups } from '../../support/stored-group';
import { userService } from '../../support/user-service-avro';
import {
  amqpSettings,
  GROUP_UPDATES_EXCHANGE,
  Queues,
  uniqueQueues,
  UserServiceBroker,
} from '../../support/user-service-broker';

// Each test starts the service (or a consumer) and waits, with deadlines of its own, for effects on a real broker;
// on a busy machine that takes longer than jest's default 5 s.
jest.setTimeout(60_000);

/**
 * The service as a child process on the real broker, fed the way position-pal's user service feeds it. What it did is
 * read from its store once it has stopped: a graceful stop finishes the messages in hand, and a queue left empty
 * afterwards shows that every message was acknowledged rather than handed back.
 */
describeWithService('RABBITMQ', 'group updates from the user service (AMQP)', () => {
  let broker: UserServiceBroker;
  const used: Queues[] = [];

  beforeAll(async () => {
    broker = await UserServiceBroker.connect();
  });

  afterAll(async () => {
    for (const queues of used) await broker.deleteQueues(queues).catch(() => undefined);
    await broker?.close();
  });

  function queuesForThisTest(): Queues {
    const queues = uniqueQueues();
    used.push(queues);
    return queues;
  }

  async function startConsuming(queues: Queues, env: Record<string, string> = {}): Promise<RunningService> {
    const service = await startService({ ...amqpSettings(queues), ...env });
    await broker.waitForConsumer(queues.queue);
    return service;
  }

  async function stopOnceDelivered(service: RunningService, queues: Queues): Promise<void> {
    await broker.waitForDelivered(queues.queue);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    expect((await broker.inspect(queues.queue))?.messages).toBe(0);
  }

  it('GROUP_CREATED creates the group with its creator as first member', async () => {
    const queues = queuesForThisTest();
    const service = await startConsuming(queues);
    await broker.publish(userService.groupCreated('hikers', 'alice'));
    await stopOnceDelivered(service, queues);

    const { hikers } = await readStoredGroups(service.dataDir, ['hikers']);
    expect(membersOrStatus(hikers)).toEqual(['alice']);
    expect(hikers.state).toMatchObject({ createdBy: 'alice' });
  });

  it('MEMBER_ADDED adds a member and MEMBER_REMOVED removes one', async () => {
    const queues = queuesForThisTest();
    const service = await startConsuming(queues);
    await broker.publish(userService.groupCreated('climbers', 'alice'));
    await broker.publish(userService.memberAdded('climbers', 'bob'));
    await broker.publish(userService.memberAdded('climbers', 'carol'));
    await broker.publish(userService.memberRemoved('climbers', 'bob'));
    await stopOnceDelivered(service, queues);

    const { climbers } = await readStoredGroups(service.dataDir, ['climbers']);
    expect(membersOrStatus(climbers)).toEqual(['alice', 'carol']);
  });

  it('GROUP_DELETED deletes the group', async () => {
    const queues = queuesForThisTest();
    const service = await startConsuming(queues);
    await broker.publish(userService.groupCreated('runners', 'alice'));
    await broker.publish(userService.memberAdded('runners', 'bob'));
    await broker.publish(userService.groupDeleted('runners'));
    await stopOnceDelivered(service, queues);

    const { runners } = await readStoredGroups(service.dataDir, ['runners']);
    expect(membersOrStatus(runners)).toBe('deleted');
  });

  it('accepts the same records as JSON when content_type is application/json', async () => {
    const queues = queuesForThisTest();
    const service = await startConsuming(queues);
    await broker.publishJson(userService.groupCreated('swimmers', 'alice'));
    await broker.publishJson(userService.memberAdded('swimmers', 'bob'));
    await broker.publishJson(userService.memberAdded('swimmers', 'carol'));
    await broker.publishJson(userService.memberRemoved('swimmers', 'carol'));
    await broker.publishJson(userService.groupCreated('divers', 'dave'));
    await broker.publishJson(userService.groupDeleted('divers'));
    await stopOnceDelivered(service, queues);

    const { swimmers, divers } = await readStoredGroups(service.dataDir, ['swimmers', 'divers']);
    expect(membersOrStatus(swimmers)).toEqual(['alice', 'bob']);
    expect(membersOrStatus(divers)).toBe('deleted');
  });

  it('records nothing the second time the same message is delivered', async () => {
    const queues = queuesForThisTest();
    const service = await startConsuming(queues);
    const messages = [
      userService.groupCreated('cyclists', 'alice'),
      userService.memberAdded('cyclists', 'bob'),
      userService.memberRemoved('cyclists', 'bob'),
      userService.groupDeleted('cyclists'),
    ];
    for (const message of messages) {
      await broker.publish(message);
      await broker.publish(message);
    }
    await stopOnceDelivered(service, queues);

    const { cyclists } = await readStoredGroups(service.dataDir, ['cyclists']);
    expect(cyclists.eventTypes).toEqual(['GroupCreated', 'MemberAdded', 'MemberRemoved', 'GroupDeleted']);
    // Nothing was set aside: a duplicate is harmless, not an error.
    expect((await broker.inspect(queues.deadLetterQueue))?.messages).toBe(0);
  });

  it("applies each group's updates in the order they were published, groups interleaved", async () => {
    const queues = queuesForThisTest();
    const service = await startConsuming(queues, { AMQP_PREFETCH: '32' });
    const groups = ['g1', 'g2', 'g3'];
    for (const group of groups) await broker.publish(userService.groupCreated(group, 'owner'));
    // Adding and removing the same member over and over: applied out of order, some would become no-ops.
    for (let round = 0; round < 20; round++) {
      for (const group of groups) {
        await broker.publish(
          round % 2 === 0 ? userService.memberAdded(group, 'flip') : userService.memberRemoved(group, 'flip'),
        );
      }
    }
    await stopOnceDelivered(service, queues);

    const stored = await readStoredGroups(service.dataDir, groups);
    const alternating = Array.from({ length: 20 }, (_, round) => (round % 2 === 0 ? 'MemberAdded' : 'MemberRemoved'));
    for (const group of groups) {
      expect(stored[group].eventTypes).toEqual(['GroupCreated', ...alternating]);
    }
  });

  describe('a message that can never be applied goes to the dead-letter queue, and the next one is applied', () => {
    it.each([
      {
        problem: 'a body that is not Avro',
        reason: 'undecodable_body',
        code: 'UNDECODABLE_BODY',
        publish: (b: UserServiceBroker) => b.publishRaw(Buffer.from('certainly not avro'), { message_type: 'MEMBER_ADDED' }),
        headers: { message_type: 'MEMBER_ADDED' },
        body: Buffer.from('certainly not avro'),
      },
      {
        problem: 'an Avro record other than the message type says',
        reason: 'undecodable_body',
        code: 'UNDECODABLE_BODY',
        publish: (b: UserServiceBroker) =>
          b.publishRaw(userService.groupDeleted('sailors').avro, { message_type: 'MEMBER_ADDED' }),
        headers: { message_type: 'MEMBER_ADDED' },
        body: userService.groupDeleted('sailors').avro,
      },
      {
        problem: 'an unknown message type',
        reason: 'unknown_message_type',
        code: 'UNKNOWN_MESSAGE_TYPE',
        publish: (b: UserServiceBroker) =>
          b.publishRaw(userService.memberAdded('sailors', 'x').avro, { message_type: 'GROUP_RENAMED', trace: 't-1' }),
        headers: { message_type: 'GROUP_RENAMED', trace: 't-1' },
        body: userService.memberAdded('sailors', 'x').avro,
      },
      {
        problem: 'no message type at all',
        reason: 'unknown_message_type',
        code: 'UNKNOWN_MESSAGE_TYPE',
        publish: (b: UserServiceBroker) => b.publishRaw(userService.memberAdded('sailors', 'x').avro, {}),
        headers: {},
        body: userService.memberAdded('sailors', 'x').avro,
      },
      {
        problem: 'a body above AMQP_MAX_BODY_BYTES (64 KiB), set aside unread',
        reason: 'body_too_large',
        code: 'BODY_TOO_LARGE',
        publish: (b: UserServiceBroker) => b.publishRaw(Buffer.alloc(65_537, 1), { message_type: 'MEMBER_ADDED' }),
        headers: { message_type: 'MEMBER_ADDED' },
        body: Buffer.alloc(65_537, 1),
      },
      {
        problem: 'an update the domain refuses as malformed (a member with an empty id)',
        reason: 'refused_by_domain',
        code: 'INVALID_IDENTIFIER',
        publish: (b: UserServiceBroker) => b.publish(userService.memberAdded('sailors', '')),
        headers: { message_type: 'MEMBER_ADDED' },
        body: userService.memberAdded('sailors', '').avro,
      },
    ])('$problem', async ({ reason, code, publish, headers, body }) => {
      const queues = queuesForThisTest();
      const service = await startConsuming(queues);
      await broker.publish(userService.groupCreated('deleted-before', 'alice'));
      await broker.publish(userService.groupDeleted('deleted-before'));
      await broker.publish(userService.groupCreated('sailors', 'alice'));
      await publish(broker);
      await broker.publish(userService.memberAdded('sailors', 'bob'));

      const deadLetter = await broker.take(queues.deadLetterQueue);
      expect(deadLetter.content.equals(body)).toBe(true);
      expect(deadLetter.properties.deliveryMode).toBe(2);
      const deadLetterHeaders = deadLetter.properties.headers ?? {};
      expect(deadLetterHeaders).toMatchObject({
        ...headers,
        dead_letter_reason: reason,
        dead_letter_error_code: code,
        original_exchange: GROUP_UPDATES_EXCHANGE,
        original_routing_key: '',
        original_queue: queues.queue,
      });
      expect(String(deadLetterHeaders.dead_letter_error)).not.toBe('');
      expect(Number.isNaN(Date.parse(String(deadLetterHeaders.dead_lettered_at)))).toBe(false);
      await stopOnceDelivered(service, queues);

      expect((await broker.inspect(queues.deadLetterQueue))?.messages).toBe(0);
      const { sailors } = await readStoredGroups(service.dataDir, ['sailors']);
      expect(membersOrStatus(sailors)).toEqual(['alice', 'bob']);
    });
  });

  it('applies, on restart, every message that waited while the service was stopped', async () => {
    const queues = queuesForThisTest();
    const first = await startConsuming(queues);
    expect(await first.stop()).toEqual({ code: 0, signal: null });

    await broker.publish(userService.groupCreated('sleepers', 'alice'));
    await broker.publish(userService.memberAdded('sleepers', 'bob'));
    await broker.publish(userService.memberAdded('sleepers', 'carol'));
    await broker.publish(userService.memberRemoved('sleepers', 'alice'));
    expect(await broker.inspect(queues.queue)).toEqual({ messages: 4, consumers: 0 });

    const second = await startConsuming(queues, { DATA_DIR: first.dataDir });
    await stopOnceDelivered(second, queues);

    const { sleepers } = await readStoredGroups(first.dataDir, ['sleepers']);
    expect(membersOrStatus(sleepers)).toEqual(['bob', 'carol']);
  });

  it('declares the contract topology: a durable headers exchange and a durable queue bound to it', async () => {
    const queues = queuesForThisTest();
    const service = await startConsuming(queues);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    // Durable: the queue outlives the consumer, and the persistent message published now waits in it.
    await broker.publish(userService.groupCreated('durable', 'alice'));
    expect(await broker.inspect(queues.queue)).toEqual({ messages: 1, consumers: 0 });
  });
});

describe('the service without a broker', () => {
  it('runs without consuming when neither AMQP_URL nor RABBITMQ_HOST is set, and says so', async () => {
    const service = await startService({ LOG_LEVEL: 'info' });
    expect(service.output()).toContain('no broker configured');
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });
});
