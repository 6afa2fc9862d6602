import { randomUUID } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { GroupEvent__Output } from '../../../presentation/grpc/generated/chat/v1/GroupEvent';
import { ChatCluster, clearPolicy, eventually, http, setQueuePolicy, waitForReady } from '../../support/chat-cluster';
import { ChatSocketClient, v1 } from '../../support/chat-socket-client';
import { RawConnection } from '../../support/raw-centrifugal-connection';
import { StreamRecorder } from '../../support/grpc-stream-recorder';
import { Scrape } from '../../support/prometheus-scrape';
import { groupChatClient } from '../../support/grpc-test-clients';
import { RunningService, runServiceToExit, freePort } from '../../support/service-process';
import { describeWithService } from '../../support/services';
import { TcpProxy } from '../../support/tcp-proxy';
import { userService } from '../../support/user-service-avro';
import { UserServiceBroker } from '../../support/user-service-broker';
import { temporaryDirectory } from '../../support/temporary-directory';

// Separate service processes on the MongoDB stand-in (slow: rates stay modest) and the real RabbitMQ.
jest.setTimeout(120_000);

/** The texts of the NewMessage frames a socket got, in arrival order. */
function messagesOf(client: ChatSocketClient): string[] {
  return client.frames.map((frame) => v1.parse(frame).shown).flatMap((shown) => (shown.kind === 'message' ? [shown.content] : []));
}

/** The presence notices a socket got about `userId`, in arrival order. */
function noticesAbout(client: ChatSocketClient, userId: string): string[] {
  return client.frames
    .map((frame) => v1.parse(frame).shown)
    .flatMap((shown) => (shown.kind === 'notice' && shown.clientId === userId ? [shown.text] : []));
}

async function newGroup(instance: RunningService, members: string[]): Promise<string> {
  const groupId = `g-${randomUUID().slice(0, 8)}`;
  expect((await http(instance, 'POST', '/v1/groups', { groupId, createdBy: members[0] })).status).toBe(201);
  for (const memberId of members.slice(1)) {
    expect((await http(instance, 'POST', `/v1/groups/${groupId}/members`, { memberId })).status).toBe(201);
  }
  return groupId;
}

const post = (instance: RunningService, groupId: string, senderId: string, text: string) =>
  http(instance, 'POST', `/v1/groups/${groupId}/messages`, { senderId, text });

async function storedTexts(instance: RunningService, groupId: string): Promise<string[]> {
  const { body } = await http(instance, 'GET', `/v1/groups/${groupId}/messages?limit=1000`);
  return (body.messages as { text: string }[]).map((message) => message.text);
}

describeWithService('MONGODB', 'several instances on one store', () => {
  describeWithService('RABBITMQ', 'and one broker', () => {
    describe('three instances', () => {
      // A lease of 3 s: longer than the broker policies of the drop test take to set and clear.
      const cluster = new ChatCluster({ CLUSTER_HEARTBEAT_MS: '1000' });
      let a: RunningService;
      let b: RunningService;
      let c: RunningService;
      const sockets: ChatSocketClient[] = [];
      const member = async (instance: RunningService, groupId: string, userId: string) => {
        const socket = await ChatSocketClient.member(instance.httpUrl, groupId, userId);
        sockets.push(socket);
        return socket;
      };

      beforeAll(async () => {
        [a, b, c] = await Promise.all([cluster.start(), cluster.start(), cluster.start()]);
        await Promise.all([a, b, c].map((instance) => waitForReady(instance)));
      });
      afterAll(async () => {
        await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
        await cluster.stop();
      });

      it('delivers a message posted on one instance to the sockets of the others, both ways, in one order', async () => {
        const groupId = await newGroup(a, ['alice', 'bob']);
        const alice = await member(a, groupId, 'alice');
        const bob = await member(b, groupId, 'bob');
        bob.send('from bob on B');
        await alice.waitFor((frame) => frame.includes('from bob on B'), 'bob\'s message on A');
        alice.send('from alice on A');
        await bob.waitFor((frame) => frame.includes('from alice on A'), 'alice\'s message on B');
        await alice.waitFor((frame) => frame.includes('from alice on A'), 'alice\'s own message');
        expect(messagesOf(alice)).toEqual(['from bob on B', 'from alice on A']);
        expect(messagesOf(bob)).toEqual(['from bob on B', 'from alice on A']);
      });

      it('tells each member once that another came online or went offline, whichever instances hold whose sockets', async () => {
        const groupId = await newGroup(a, ['alice', 'bob', 'carol']);
        const alice = await member(a, groupId, 'alice');
        const carol = await member(c, groupId, 'carol');
        await alice.waitFor((frame) => frame.includes('client connected to the group') && frame.includes('"carol"'), 'carol online');
        // bob opens two devices, on two instances: one "connected" for the others.
        const bobOnB = await member(b, groupId, 'bob');
        const bobOnC = await member(c, groupId, 'bob');
        await alice.waitFor((frame) => frame.includes('"bob"'), 'bob online');
        await bobOnB.close();
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(noticesAbout(alice, 'bob')).toEqual(['client connected to the group']);
        expect(noticesAbout(carol, 'bob')).toEqual(['client connected to the group']);
        await bobOnC.close();
        await alice.waitFor((frame) => frame.includes('client disconnected from the group') && frame.includes('"bob"'), 'bob offline');
        await carol.waitFor((frame) => frame.includes('client disconnected from the group') && frame.includes('"bob"'), 'bob offline');
        await new Promise((resolve) => setTimeout(resolve, 1500));
        expect(noticesAbout(alice, 'bob')).toEqual(['client connected to the group', 'client disconnected from the group']);
        expect(noticesAbout(carol, 'bob')).toEqual(['client connected to the group', 'client disconnected from the group']);
        // Members online anywhere, asked of any instance.
        const { body } = await http(b, 'GET', `/v1/groups/${groupId}`);
        expect([...body.online].sort()).toEqual(['alice', 'carol']);
      });

      it('streams to a SubscribeGroup on one instance what is posted on another', async () => {
        const groupId = await newGroup(a, ['alice', 'bob']);
        const client = groupChatClient(a.grpcPort);
        try {
          const recorder = new StreamRecorder<GroupEvent__Output>(client.SubscribeGroup({ group_id: groupId }));
          await recorder.headersReceived;
          for (const text of ['one', 'two', 'three']) expect((await post(b, groupId, 'bob', text)).status).toBe(201);
          const events = await recorder.waitForItems(3);
          expect(events.map((event) => event.message_posted?.text)).toEqual(['one', 'two', 'three']);
          expect(events.map((event) => Number(event.version))).toEqual([3, 4, 5]);
          recorder.stream.cancel();
        } finally {
          client.close();
        }
      });

      it('pushes to each v2 subscriber on one instance exactly the messages after its offset, while another stores them', async () => {
        const readers = Array.from({ length: 8 }, (_, index) => `reader-${index}`);
        const groupId = await newGroup(a, ['writer', ...readers]);
        const connections = await Promise.all(
          readers.map(async (user) => {
            const connection = await RawConnection.open(b);
            // Development mode: the user comes from the connect data.
            connection.send(JSON.stringify({ id: 1, connect: { data: { user } } }));
            await connection.reply(1);
            return connection;
          }),
        );
        // B tells each where the stream stands from the store, which may be ahead of what B's feed has pushed yet.
        // Reader k subscribes once about 8k messages are stored, while the writer goes on: each at another point.
        const total = 80;
        let stored = 0;
        const writing = (async () => {
          for (let n = 1; n <= total; n++) {
            expect((await post(a, groupId, 'writer', `m${n}`)).status).toBe(201);
            stored = n;
          }
        })();
        const pushed = (connection: RawConnection) =>
          connection.replies.filter((reply) => reply.push?.pub).map((reply) => reply.push.pub.offset as number);
        try {
          const offsets: number[] = [];
          for (const [index, connection] of connections.entries()) {
            await eventually(() => stored >= 1 + index * 8 || undefined, `message ${1 + index * 8} stored`);
            connection.send(JSON.stringify({ id: 2, subscribe: { channel: groupId } }));
            offsets.push((await connection.reply(2)).subscribe.offset);
          }
          await writing;
          await eventually(() => connections.every((connection) => pushed(connection).at(-1) === total) || undefined, 'every push').catch(
            () => undefined,
          );
          connections.forEach((connection, index) => {
            expect({ reader: index, pushed: pushed(connection) }).toEqual({
              reader: index,
              pushed: Array.from({ length: total - offsets[index] }, (_, n) => offsets[index] + n + 1),
            });
          });
        } finally {
          await Promise.allSettled([writing]);
          for (const connection of connections) connection.socket.close();
        }
      });

      it('stores a resend on another instance once, and refuses the same id with another text there (decided on the store)', async () => {
        const groupId = await newGroup(a, ['alice']);
        const send = (instance: RunningService, text: string) =>
          http(instance, 'POST', `/v1/groups/${groupId}/messages`, { senderId: 'alice', text, clientMessageId: 'once' });
        const first = await send(a, 'only once');
        expect(first.status).toBe(201);
        expect(await send(b, 'only once')).toMatchObject({ status: 201, body: { duplicate: true, message: { seq: first.body.message.seq } } });
        expect((await send(c, 'another text')).status).toBe(409);
        expect(await storedTexts(a, groupId)).toEqual(['only once']);
      });

      it('lists every live instance, with the groups each serves and its connections, on any of them', async () => {
        const groupId = await newGroup(a, ['alice', 'bob']);
        await member(b, groupId, 'alice');
        await member(b, groupId, 'bob');
        await member(c, groupId, 'bob');
        // Each instance publishes what it serves on its heartbeat, so B's count may lag its second connection by one
        // heartbeat: wait for the listing to settle, then judge the last one seen.
        type Listing = { instances: { instanceId: string; groups: { groupId: string }[] }[] };
        const expected = [
          { groupId, onlineMembers: 1, connections: 1 },
          { groupId, onlineMembers: 2, connections: 2 },
        ];
        let last: { instances: number; counts: unknown[] } = { instances: 0, counts: [] };
        const byConnections = (x: unknown, y: unknown) =>
          (x as { connections: number }).connections - (y as { connections: number }).connections;
        await eventually(async () => {
          const body = (await http(a, 'GET', '/admin/instance')).body as Listing;
          const ids = new Set(body.instances.map((instance) => instance.instanceId));
          const counts = body.instances
            .map((instance) => instance.groups.find((group) => group.groupId === groupId))
            .filter(Boolean)
            .sort(byConnections);
          last = { instances: ids.size, counts };
          return isDeepStrictEqual(counts, expected) && ids.size === 3 ? true : undefined;
        }, 'the heartbeats of B and C').catch(() => undefined);
        expect(last).toEqual({ instances: 3, counts: expected });
      });

      /**
       * Drops everything on its way to `instance` while `during` runs: a policy of max-length 0 on its queue, with
       * reject-publish (drop-head would still hand a message straight to a waiting consumer).
       */
      async function dropOnTheWayTo(instance: RunningService, during: () => Promise<void>): Promise<void> {
        const policy = `drop-${randomUUID().slice(0, 8)}`;
        const { instanceId } = (await http(instance, 'GET', '/admin/instance')).body as { instanceId: string };
        const escape = (name: string) => name.replace(/[.]/g, '\\.');
        await setQueuePolicy(policy, `^${escape(cluster.clusterName)}\\.instance\\.${escape(instanceId)}\\.\\d+$`, {
          'max-length': 0,
          overflow: 'reject-publish',
        });
        try {
          await during();
        } finally {
          await clearPolicy(policy);
        }
      }

      it('fills from the store the broker messages dropped on the way to an instance: when the next one comes, or a heartbeat names it', async () => {
        const groupId = await newGroup(a, ['alice', 'bob']);
        const bob = await member(b, groupId, 'bob');
        const before = await Scrape.of(b.httpUrl);
        await dropOnTheWayTo(b, async () => {
          expect((await post(a, groupId, 'alice', 'dropped, then followed')).status).toBe(201);
          await new Promise((resolve) => setTimeout(resolve, 200));
          expect(messagesOf(bob)).toEqual([]);
        });
        expect((await post(a, groupId, 'alice', 'the next one')).status).toBe(201);
        await bob.waitFor((frame) => frame.includes('the next one'), 'the next message');
        expect(messagesOf(bob)).toEqual(['dropped, then followed', 'the next one']);

        // Nothing follows this one: the heartbeats of A that name its version bring it.
        await dropOnTheWayTo(b, async () => {
          expect((await post(a, groupId, 'alice', 'the last word')).status).toBe(201);
          await new Promise((resolve) => setTimeout(resolve, 200));
          expect(messagesOf(bob)).toEqual(['dropped, then followed', 'the next one']);
        });
        await bob.waitFor((frame) => frame.includes('the last word'), 'the dropped message');
        expect(messagesOf(bob)).toEqual(['dropped, then followed', 'the next one', 'the last word']);
        // Both dropped messages came from the store (a fill may bring a message that was on its way too).
        expect((await Scrape.of(b.httpUrl)).since(before, 'chat_live_events_filled_total')).toBeGreaterThanOrEqual(2);
      });

      it('applies the user service\'s updates, consumed by several instances, in publish order: nothing dead-lettered', async () => {
        const broker = await UserServiceBroker.connect();
        try {
          await broker.waitForConsumer(cluster.queues.queue);
          const groups = Array.from({ length: 3 }, () => `u-${randomUUID().slice(0, 8)}`);
          for (const groupId of groups) {
            await broker.publish(userService.groupCreated(groupId, 'owner'));
            for (let n = 0; n < 15; n++) await broker.publish(userService.memberAdded(groupId, `member-${n}`));
            // One member added, removed and added again, then another added and removed: order decides the end.
            await broker.publish(userService.memberAdded(groupId, 'dana'));
            await broker.publish(userService.memberRemoved(groupId, 'dana'));
            await broker.publish(userService.memberAdded(groupId, 'dana'));
            await broker.publish(userService.memberAdded(groupId, 'erin'));
            await broker.publish(userService.memberRemoved(groupId, 'erin'));
          }
          await broker.waitForDelivered(cluster.queues.queue, 60_000);
          const expected = ['owner', ...Array.from({ length: 15 }, (_, n) => `member-${n}`), 'dana'];
          for (const groupId of groups) {
            const group = await eventually(async () => {
              const { status, body } = await http(c, 'GET', `/v1/groups/${groupId}`);
              return status === 200 && body.members.length === expected.length && !body.members.includes('erin') ? body : undefined;
            }, `${groupId} with every member`, 60_000);
            expect(group.members).toEqual(expected);
          }
          expect((await broker.inspect(cluster.queues.deadLetterQueue))?.messages).toBe(0);
        } finally {
          await broker.close();
        }
      });

      it('when an instance is killed under traffic, loses no acknowledged message and shows the survivors every message once, in order', async () => {
        const groupId = await newGroup(a, ['alice', 'bob', 'carol']);
        const alice = await member(a, groupId, 'alice');
        const bob = await member(b, groupId, 'bob');
        await member(c, groupId, 'carol');
        await alice.waitFor((frame) => frame.includes('"carol"'), 'carol online');
        const acknowledged: string[] = [];
        let n = 0;
        const traffic = async (instance: RunningService, sender: string, until: () => boolean) => {
          while (!until()) {
            const text = `${sender}-${++n}`;
            const answer = await post(instance, groupId, sender, text).catch(() => undefined);
            if (answer?.status === 201) acknowledged.push(text);
            await new Promise((resolve) => setTimeout(resolve, 40));
          }
        };
        let killed = false;
        let stopAt = Infinity;
        const posting = Promise.all([
          traffic(a, 'alice', () => Date.now() > stopAt),
          traffic(b, 'bob', () => Date.now() > stopAt),
          traffic(c, 'carol', () => killed),
        ]);
        await new Promise((resolve) => setTimeout(resolve, 1500));
        await c.stop('SIGKILL');
        killed = true;
        stopAt = Date.now() + 1500;
        await posting;
        // carol's client reconnects to a survivor.
        const carolAgain = await member(a, groupId, 'carol');
        carolAgain.send('carol is back');

        const stored = await eventually(async () => {
          const texts = await storedTexts(a, groupId);
          return texts.includes('carol is back') ? texts : undefined;
        }, 'the reconnected message');
        for (const text of acknowledged) expect(stored.filter((candidate) => candidate === text)).toEqual([text]);
        expect(new Set(stored).size).toBe(stored.length);
        for (const survivor of [alice, bob]) {
          await survivor.waitFor((frame) => frame.includes('carol is back'), 'the last message');
          expect(messagesOf(survivor)).toEqual(stored);
        }
      });
    });

    describe.each([
      ['a queue the service created (single active consumer)', false],
      ['an adopted position-pal queue (exclusive consumer, the other standing by)', true],
    ])('group updates on %s', (_kind, adopted) => {
      it('moves the consumer role when its instance is killed: every update applied once, in order, none dead-lettered', async () => {
        const cluster = new ChatCluster({ CLUSTER_HEARTBEAT_MS: '500' });
        const broker = await UserServiceBroker.connect();
        try {
          if (adopted) await broker.declarePositionPalQueue(cluster.queues.queue);
          const a = await cluster.start();
          await broker.waitForConsumer(cluster.queues.queue);
          const b = await cluster.start({ LOG_LEVEL: 'info' });
          await waitForReady(b);
          // Single active consumer: both registered, one fed. Exclusive: one consumer, the other waiting for its turn.
          expect((await broker.inspect(cluster.queues.queue))?.consumers).toBe(adopted ? 1 : 2);
          if (adopted) expect(b.output()).toContain('standing by to take over');

          const groupId = `u-${randomUUID().slice(0, 8)}`;
          await broker.publish(userService.groupCreated(groupId, 'owner'));
          const members = Array.from({ length: 30 }, (_, n) => `member-${n}`);
          for (const memberId of members.slice(0, 15)) await broker.publish(userService.memberAdded(groupId, memberId));
          await eventually(async () => ((await http(a, 'GET', `/v1/groups/${groupId}`)).body?.members?.length ?? 0) >= 5 || undefined, 'A at work');
          await a.stop('SIGKILL');
          for (const memberId of members.slice(15)) await broker.publish(userService.memberAdded(groupId, memberId));
          await broker.publish(userService.memberRemoved(groupId, 'member-0'));
          await broker.publish(userService.memberAdded(groupId, 'member-0'));

          const expected = ['owner', ...members.slice(1), 'member-0'];
          const group = await eventually(async () => {
            const { status, body } = await http(b, 'GET', `/v1/groups/${groupId}`);
            return status === 200 && JSON.stringify(body.members) === JSON.stringify(expected) ? body : undefined;
          }, 'every update applied on B', 60_000);
          expect(group.members).toEqual(expected);
          await broker.waitForDelivered(cluster.queues.queue, 30_000);
          expect((await broker.inspect(cluster.queues.deadLetterQueue))?.messages).toBe(0);
        } finally {
          await broker.close();
          await cluster.stop();
        }
      });
    });

    it('expires the connections of a killed instance within the documented bound, and says so once', async () => {
      // The default lease (CLUSTER_HEARTBEAT_MS 2000, 3 missed): the figure the documentation gives.
      const cluster = new ChatCluster();
      const sockets: ChatSocketClient[] = [];
      try {
        const [a, b] = await Promise.all([cluster.start(), cluster.start()]);
        await Promise.all([a, b].map((instance) => waitForReady(instance)));
        const groupId = await newGroup(a, ['alice', 'bob']);
        const alice = await ChatSocketClient.member(a.httpUrl, groupId, 'alice');
        sockets.push(alice);
        sockets.push(await ChatSocketClient.member(b.httpUrl, groupId, 'bob'));
        await alice.waitFor((frame) => frame.includes('"bob"'), 'bob online');
        await b.stop('SIGKILL');
        const killedAt = Date.now();
        await alice.waitFor((frame) => frame.includes('client disconnected from the group') && frame.includes('"bob"'), 'bob offline');
        const expiredAfterMs = Date.now() - killedAt;
        process.stdout.write(`presence of a killed instance expired after ${expiredAfterMs} ms\n`);
        expect(expiredAfterMs).toBeLessThan(8_000);
        expect(expiredAfterMs).toBeGreaterThan(4_000);
        expect(noticesAbout(alice, 'bob')).toEqual(['client connected to the group', 'client disconnected from the group']);
      } finally {
        await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
        await cluster.stop();
      }
    });

    it('when one instance loses the broker, turns it unready, and once back it shows its sockets what they missed, in order', async () => {
      const cluster = new ChatCluster({ CLUSTER_HEARTBEAT_MS: '500' });
      const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5672 });
      const sockets: ChatSocketClient[] = [];
      try {
        const a = await cluster.start();
        const b = await cluster.start({ AMQP_URL: `amqp://guest:guest@127.0.0.1:${proxy.port}` });
        await Promise.all([a, b].map((instance) => waitForReady(instance)));
        const groupId = await newGroup(a, ['alice', 'bob']);
        const bob = await ChatSocketClient.member(b.httpUrl, groupId, 'bob');
        sockets.push(bob);
        expect((await post(a, groupId, 'alice', 'before')).status).toBe(201);
        await bob.waitFor((frame) => frame.includes('before'), 'the first message');

        await proxy.cut();
        await waitForReady(b, 503, 10_000);
        for (const text of ['while cut 1', 'while cut 2', 'while cut 3']) expect((await post(a, groupId, 'alice', text)).status).toBe(201);
        await proxy.open();
        await waitForReady(b, 200, 30_000);
        await bob.waitFor((frame) => frame.includes('while cut 3'), 'the messages stored while B was cut off');
        expect(messagesOf(bob)).toEqual(['before', 'while cut 1', 'while cut 2', 'while cut 3']);
        expect((await post(a, groupId, 'alice', 'after')).status).toBe(201);
        await bob.waitFor((frame) => frame.includes('after'), 'live again');
        expect(messagesOf(bob)).toEqual(['before', 'while cut 1', 'while cut 2', 'while cut 3', 'after']);
      } finally {
        await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
        await cluster.stop();
        await proxy.cut();
      }
    });
  });
});

describeWithService('RABBITMQ', 'instances on embedded stores sharing a broker', () => {
  it('refuses to serve the second, saying to set MONGODB_URL', async () => {
    const cluster = new ChatCluster({ MONGODB_URL: '' });
    const dataDir = temporaryDirectory('chat-split');
    try {
      const first = await cluster.start();
      await waitForReady(first);
      const second = await runServiceToExit({
        ...cluster.env({ DATA_DIR: dataDir.path }),
        HTTP_PORT: `${await freePort()}`,
        GRPC_PORT: `${await freePort()}`,
      });
      expect(second.code).toBe(1);
      expect(second.output).toContain('refuses to serve');
      expect(second.output).toContain('MONGODB_URL');
      // The first goes on serving.
      expect((await fetch(`${first.httpUrl}/health/ready`)).status).toBe(200);
    } finally {
      await cluster.stop();
      dataDir.remove();
    }
  });
});
