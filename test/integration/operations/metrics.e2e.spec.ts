import { Metadata } from '@grpc/grpc-js';
import { EVENT_LOOP_MONITOR_INTERVAL_MS } from '../../../entrypoint/modules/event-loop-monitor';
import { LevelEventStore } from '../../../infrastructure/event-store/level/level-event-store';
import { ChatSocketClient } from '../../support/chat-socket-client';
import { groupChatClient, ok, unary } from '../../support/grpc-test-clients';
import { Scrape } from '../../support/prometheus-scrape';
import { seededStore } from '../../support/seeded-store';
import { RunningService, startService } from '../../support/service-process';
import { describeWithService } from '../../support/services';
import { userService } from '../../support/user-service-avro';
import { amqpSettings, uniqueQueues, UserServiceBroker } from '../../support/user-service-broker';

const isNewMessage = (text: string) => (frame: string) => frame.startsWith('["NewMessage"') && frame.includes(`"${text}"`);

describe('metrics after real traffic', () => {
  let service: RunningService;
  let store: { path: string; remove(): void };
  const sockets: ChatSocketClient[] = [];

  beforeAll(async () => {
    store = await seededStore([{ groupId: 'metrics-group', members: ['alice', 'bob', 'carol'] }]);
    service = await startService({ DATA_DIR: store.path });
  });
  afterAll(async () => {
    await Promise.all(sockets.map((socket) => socket.close()));
    await service.stop();
    store.remove();
  });

  it('counts sockets, online members, posted messages, delivered frames and latencies by the right amounts', async () => {
    const before = await Scrape.of(service.httpUrl);
    expect(before.value('chat_websocket_connections')).toBe(0);

    // Alice on one device, Bob on two: three sockets, two members online.
    const alice = await ChatSocketClient.member(service.httpUrl, 'metrics-group', 'alice');
    const bob = await ChatSocketClient.member(service.httpUrl, 'metrics-group', 'bob');
    const bobPhone = await ChatSocketClient.member(service.httpUrl, 'metrics-group', 'bob');
    sockets.push(alice, bob, bobPhone);
    // Bob coming online was told to Alice (one frame); his second device changed nothing.
    await alice.waitFor((frame) => frame.includes('client connected to the group'), 'bob connected');

    const connected = await Scrape.of(service.httpUrl);
    expect(connected.value('chat_websocket_connections')).toBe(3);
    expect(connected.value('chat_online_members')).toBe(2);

    const texts = ['one', 'two', 'three', 'four', 'five'];
    for (const text of texts) alice.send(text);
    for (const socket of sockets) for (const text of texts) await socket.waitFor(isNewMessage(text), text);

    const after = await Scrape.of(service.httpUrl);
    expect(after.since(connected, 'chat_messages_posted_total')).toBe(5);
    expect(after.since(connected, 'chat_events_appended_total', { type: 'MessagePosted' })).toBe(5);
    expect(after.since(connected, 'chat_websocket_frames_delivered_total')).toBe(15); // 5 messages x 3 sockets
    expect(after.since(connected, 'chat_fanout_latency_seconds_count')).toBe(5);
    // Command batching: five messages sent at once take at most five durable appends, usually fewer.
    const appends = after.since(connected, 'chat_event_store_append_seconds_count');
    expect(appends).toBeGreaterThanOrEqual(1);
    expect(appends).toBeLessThanOrEqual(5);
    expect(after.since(connected, 'chat_event_store_conflicts_total')).toBe(0);
    expect(after.since(connected, 'chat_command_concurrency_retries_total')).toBe(0);
    expect(after.has('process_resident_memory_bytes')).toBe(true);
  });

  it('times the event loop over whole monitor intervals, which the benchmark subtracts to tell how late it ran', async () => {
    // The gauges cover the time since the previous scrape: leave the monitor twenty intervals to measure.
    await Scrape.of(service.httpUrl);
    await new Promise((resolve) => setTimeout(resolve, 20 * EVENT_LOOP_MONITOR_INTERVAL_MS));
    const shortestLag = (await Scrape.of(service.httpUrl)).value('nodejs_eventloop_lag_min_seconds');
    // Even the shortest interval between two of the monitor's timers is the interval itself, on an idle loop too.
    expect(shortestLag).toBeGreaterThanOrEqual((0.9 * EVENT_LOOP_MONITOR_INTERVAL_MS) / 1000);
    expect(shortestLag).toBeLessThan((3 * EVENT_LOOP_MONITOR_INTERVAL_MS) / 1000);
  });

  it('counts a membership change made over HTTP, and the frames it causes', async () => {
    const before = await Scrape.of(service.httpUrl);
    const response = await fetch(`${service.httpUrl}/v1/groups/metrics-group/members`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ memberId: 'dave' }),
    });
    expect(response.status).toBeLessThan(300);
    for (const socket of sockets) await socket.waitFor((frame) => frame.includes('client joined the group'), 'dave joined');

    const after = await Scrape.of(service.httpUrl);
    expect(after.since(before, 'chat_events_appended_total', { type: 'MemberAdded' })).toBe(1);
    expect(after.since(before, 'chat_messages_posted_total')).toBe(0);
    expect(after.since(before, 'chat_websocket_frames_delivered_total')).toBe(3);
  });

  it('lists the groups with sockets on this instance at /admin/instance', async () => {
    const response = await fetch(`${service.httpUrl}/admin/instance`);
    expect(response.status).toBe(200);
    const { instanceId, instances } = (await response.json()) as {
      instanceId: string;
      instances: { instanceId: string; startedAt: string; groups: unknown[] }[];
    };
    expect(instances).toHaveLength(1);
    // The host name and a random suffix, unless INSTANCE_ID says otherwise.
    expect(instances[0].instanceId).toMatch(/^[A-Za-z0-9._-]+-[0-9a-f]{8}$/);
    expect(instanceId).toBe(instances[0].instanceId);
    expect(instances[0].groups).toEqual([{ groupId: 'metrics-group', onlineMembers: 2, connections: 3 }]);
  });
});

describe('gRPC metrics and correlation ids', () => {
  it('counts gRPC calls by method and status, and records each caller\'s correlation id with the events it causes', async () => {
    const store = await seededStore([]);
    const service = await startService({ DATA_DIR: store.path });
    const client = groupChatClient(service.grpcPort);
    try {
      const before = await Scrape.of(service.httpUrl);

      const created = await fetch(`${service.httpUrl}/v1/groups`, {
        method: 'POST',
        headers: { 'content-type': 'application/json', 'x-correlation-id': 'from-http-1' },
        body: JSON.stringify({ groupId: 'traced', createdBy: 'alice' }),
      });
      expect(created.headers.get('x-correlation-id')).toBe('from-http-1');

      const metadata = new Metadata();
      metadata.set('x-correlation-id', 'from-grpc-1');
      await new Promise<void>((resolve, reject) =>
        client.AddMember({ group_id: 'traced', member_id: 'bob' }, metadata, (error) => (error ? reject(error) : resolve())),
      );
      await ok(client, 'AddMember', { group_id: 'traced', member_id: 'carol' });
      expect(await unary(client, 'GetGroup', { group_id: 'nowhere' })).toMatchObject({ ok: false });

      const after = await Scrape.of(service.httpUrl);
      const calls = (method: string, code: string) =>
        after.since(before, 'chat_grpc_calls_total', { method: `/chat.v1.GroupChatService/${method}`, code });
      expect(calls('AddMember', 'OK')).toBe(2);
      expect(calls('GetGroup', 'NOT_FOUND')).toBe(1);
      expect(after.since(before, 'chat_grpc_call_seconds_count', { method: '/chat.v1.GroupChatService/AddMember' })).toBe(2);
    } finally {
      client.close();
      await service.stop();
    }

    const events = await LevelEventStore.open(store.path);
    try {
      const [groupCreated, bobAdded, carolAdded] = await events.readStream('traced');
      expect(groupCreated.metadata.correlationId).toBe('from-http-1');
      expect(bobAdded.metadata.correlationId).toBe('from-grpc-1');
      // A caller that sends none gets one of its own.
      expect(carolAdded.metadata.correlationId).toMatch(/^[0-9a-f-]{36}$/);
    } finally {
      await events.close();
      store.remove();
    }
  });
});

describeWithService('RABBITMQ', 'AMQP metrics after real traffic', () => {
  it('counts applied and dead-lettered group updates by type', async () => {
    const queues = uniqueQueues('chat-metrics');
    const broker = await UserServiceBroker.connect();
    const service = await startService(amqpSettings(queues));
    try {
      await broker.waitForConsumer(queues.queue);
      const before = await Scrape.of(service.httpUrl);

      await broker.publish(userService.groupCreated('amqp-metrics', 'alice'));
      await broker.publish(userService.memberAdded('amqp-metrics', 'bob'));
      await broker.publish(userService.memberAdded('amqp-metrics', 'bob')); // redundant: applied as a no-op
      await broker.publishRaw(Buffer.from('not avro'), { message_type: 'MEMBER_ADDED' });
      await broker.publish(userService.memberAdded('amqp-metrics', '')); // refused by the domain: an empty id
      await broker.take(queues.deadLetterQueue);
      await broker.take(queues.deadLetterQueue);
      await broker.waitForDelivered(queues.queue);

      let after = await Scrape.of(service.httpUrl);
      for (let tries = 0; after.since(before, 'chat_amqp_messages_consumed_total', { message_type: 'MEMBER_ADDED', outcome: 'applied' }) < 2 && tries < 50; tries++) {
        await new Promise((resolve) => setTimeout(resolve, 100));
        after = await Scrape.of(service.httpUrl);
      }
      const consumed = (type: string, outcome: string) =>
        after.since(before, 'chat_amqp_messages_consumed_total', { message_type: type, outcome });
      expect(consumed('GROUP_CREATED', 'applied')).toBe(1);
      expect(consumed('MEMBER_ADDED', 'applied')).toBe(2);
      expect(consumed('MEMBER_ADDED', 'dead_lettered')).toBe(2);
      expect(after.since(before, 'chat_events_appended_total', { type: 'MemberAdded' })).toBe(1);
    } finally {
      await service.stop();
      await broker.deleteQueues(queues);
      await broker.close();
    }
  });
});
