import { ChatSocketClient, chatPath, INSTANT, v1 } from '../../support/chat-socket-client';
import { RunningService, startService } from '../../support/service-process';
import { describeWithService } from '../../support/services';
import { userService } from '../../support/user-service-avro';
import { amqpSettings, Queues, uniqueQueues, UserServiceBroker } from '../../support/user-service-broker';

// Each test starts the service (or a consumer) and waits, with deadlines of its own, for effects on a real broker;
// on a busy machine that takes longer than jest's default 5 s.
jest.setTimeout(60_000);

/** What a member online sees when the user service changes the group: the whole service, a real socket, a real broker. */
describeWithService('RABBITMQ', 'membership changes from the user service, seen on the WebSocket', () => {
  let broker: UserServiceBroker;
  let queues: Queues;
  let service: RunningService;
  const clients: ChatSocketClient[] = [];

  beforeAll(async () => {
    broker = await UserServiceBroker.connect();
    queues = uniqueQueues('chat-amqp-websocket-test');
    service = await startService(amqpSettings(queues));
    await broker.waitForConsumer(queues.queue);
  });

  afterAll(async () => {
    await Promise.all(clients.map((client) => client.close()));
    await service?.stop();
    await broker?.deleteQueues(queues).catch(() => undefined);
    await broker?.close();
  });

  /**
   * Connects once the group update that makes `user` a member has been applied: until then the service refuses the
   * socket. An accepted socket's first frame is its own connected notice, a refused one is closed: no timing involved.
   */
  async function connectAsMember(groupId: string, user: string): Promise<ChatSocketClient> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      const client = await ChatSocketClient.connect(service.httpUrl, chatPath(groupId, user));
      const accepted = await client.nextFrame().then(
        (frame) => v1.parse(frame).shown.kind === 'notice',
        () => false,
      );
      if (accepted) {
        clients.push(client);
        return client;
      }
      if (Date.now() > deadline) throw new Error(`${user} was never accepted in ${groupId}`);
    }
  }

  it('tells a member online that another was added, then that it was removed', async () => {
    await broker.publish(userService.groupCreated('walkers', 'alice'));
    const alice = await connectAsMember('walkers', 'alice');

    await broker.publish(userService.memberAdded('walkers', 'bob'));
    const joined = v1.parse(await alice.waitFor((frame) => frame.includes('client joined the group'), 'bob joined'));
    expect(joined.fields.slice(0, 2)).toEqual(['client joined the group', 'bob']);
    expect(joined.fields[2]).toMatch(INSTANT);

    const bob = await connectAsMember('walkers', 'bob');
    await broker.publish(userService.memberRemoved('walkers', 'bob'));
    const left = v1.parse(await alice.waitFor((frame) => frame.includes('client leaved the group'), 'bob left'));
    expect(left.fields.slice(0, 2)).toEqual(['client leaved the group', 'bob']);
    expect((await bob.closed).code).toBe(4403);
  });
});
