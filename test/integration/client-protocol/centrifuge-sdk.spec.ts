import { randomUUID } from 'node:crypto';
import { RecordingClient, endpointOf, tokenFor, TEST_SECRET } from '../../support/centrifuge-clients';
import { http } from '../../support/chat-cluster';
import { ChatSocketClient } from '../../support/chat-socket-client';
import { RunningService, startService } from '../../support/service-process';
import { temporaryDirectory } from '../../support/temporary-directory';

jest.setTimeout(60_000);

async function newGroup(service: RunningService, members: string[]): Promise<string> {
  const groupId = `v2-${randomUUID().slice(0, 8)}`;
  expect((await http(service, 'POST', '/v1/groups', { groupId, createdBy: members[0] })).status).toBe(201);
  for (const memberId of members.slice(1)) expect((await http(service, 'POST', `/v1/groups/${groupId}/members`, { memberId })).status).toBe(201);
  return groupId;
}

const post = (service: RunningService, groupId: string, senderId: string, text: string) =>
  http(service, 'POST', `/v1/groups/${groupId}/messages`, { senderId, text });

describe('the client protocol (v2) with the real centrifuge SDK', () => {
  const dataDir = temporaryDirectory('chat-v2');
  let service: RunningService;
  const clients: RecordingClient[] = [];
  const client = (user: string, options: ConstructorParameters<typeof RecordingClient>[1] = {}) => {
    const made = new RecordingClient(endpointOf(service.httpUrl), { token: tokenFor(user), ...options });
    clients.push(made);
    return made;
  };

  beforeAll(async () => {
    service = await startService({ DATA_DIR: dataDir.path, AUTH_JWT_HMAC_SECRET: TEST_SECRET, V2_PING_INTERVAL_MS: '2000' });
  });
  afterEach(() => {
    for (const made of clients.splice(0)) made.disconnect();
  });
  afterAll(async () => {
    await service?.stop();
    dataDir.remove();
  });

  describe('connecting', () => {
    it('connects with a signed token', async () => {
      const alice = client('alice');
      alice.connect();
      const connected = await alice.nth('client.connected');
      expect(connected.client).toEqual(expect.any(String));
    });

    it("keeps an idle client connected: the server's pings come within the SDK's own bound", async () => {
      // The SDK drops a connection that hears nothing for the connect reply's `ping` (2 s here) plus
      // maxServerPingDelay, and reconnects; each session's slice of the interval must come round within that.
      const idle = client('alice', { maxServerPingDelay: 1000 });
      idle.connect();
      await idle.nth('client.connected');
      await new Promise((resolve) => setTimeout(resolve, 7000));
      expect(idle.of('client.connecting')).toHaveLength(1);
      expect(idle.client.state).toBe('connected');
    });

    it('is refused with a token signed by another key, and told not to reconnect (3500)', async () => {
      const mallory = client('alice', { token: tokenFor('alice', { secret: 'another-secret-of-at-least-32-characters' }) });
      mallory.connect();
      const disconnected = await mallory.nth('client.disconnected');
      expect(disconnected.code).toBe(3500);
      expect(disconnected.reason).toContain('invalid token');
      expect(mallory.of('client.connected')).toEqual([]);
    });

    it('answers an expired token so that the SDK fetches a fresh one with getToken, then connects', async () => {
      let fetched = 0;
      const alice = client('alice', {
        token: tokenFor('alice', { expiresInSeconds: -10 }),
        getToken: async () => {
          fetched++;
          return tokenFor('alice');
        },
      });
      alice.connect();
      await alice.nth('client.connected');
      expect(fetched).toBe(1);
      expect(alice.of('client.error')[0]?.error?.code).toBe(109);
    });
  });

  describe('a token that expires', () => {
    it('is refreshed by the SDK through getToken before it expires: the connection stays', async () => {
      let fetched = 0;
      const alice = client('alice', {
        token: tokenFor('alice', { expiresInSeconds: 3 }),
        getToken: async () => {
          fetched++;
          return tokenFor('alice', { expiresInSeconds: 3600 });
        },
      });
      alice.connect();
      const connected = await alice.nth('client.connected');
      await new Promise((resolve) => setTimeout(resolve, 4500));
      expect(fetched).toBe(1);
      expect(alice.of('client.disconnected')).toEqual([]);
      expect(alice.of('client.connected')).toEqual([connected]);
    });

    it('ends a connection that did not refresh with 3005 once its token expired; the SDK reconnects with a fresh one', async () => {
      const alice = client('alice', {
        token: tokenFor('alice', { expiresInSeconds: 2 }),
        getToken: async () => tokenFor('alice', { expiresInSeconds: 3600 }),
      });
      // An SDK that does not refresh: its refresh command is never sent.
      (alice.client as unknown as { _refresh: () => void })._refresh = () => undefined;
      alice.connect();
      await alice.nth('client.connected');
      const dropped = await alice.nth('client.connecting', 2, 15_000);
      expect(dropped).toMatchObject({ code: 3005, reason: 'connection expired' });
      await alice.nth('client.connected', 2);
    });
  });

  describe('a group channel', () => {
    it('lets a member subscribe, and refuses a non-member with 103', async () => {
      const groupId = await newGroup(service, ['alice', 'bob']);
      const alice = client('alice');
      const mallory = client('mallory');
      alice.subscribe(groupId);
      mallory.subscribe(groupId);
      alice.connect();
      mallory.connect();
      const subscribed = await alice.nth(`${groupId}.subscribed`);
      expect(subscribed).toMatchObject({ recoverable: true, streamPosition: { offset: 0, epoch: expect.any(String) } });
      const refused = await mallory.nth(`${groupId}.unsubscribed`);
      expect(refused.code).toBe(103);
    });

    it('delivers a publish to every subscriber, stored before the reply, with the sequence number as offset', async () => {
      const groupId = await newGroup(service, ['alice', 'bob']);
      const alice = client('alice');
      const bob = client('bob');
      const sub = alice.subscribe(groupId);
      bob.subscribe(groupId);
      alice.connect();
      bob.connect();
      await alice.nth(`${groupId}.subscribed`);
      await bob.nth(`${groupId}.subscribed`);
      await sub.publish({ text: 'hello bob' });
      // Acknowledged means stored: the history has it already.
      const { body } = await http(service, 'GET', `/v1/groups/${groupId}/messages`);
      expect(body.messages.map((message: { text: string }) => message.text)).toEqual(['hello bob']);
      const publication = await bob.nth(`${groupId}.publication`);
      expect(publication).toMatchObject({ offset: 1, data: { text: 'hello bob' }, info: { user: 'alice' } });
      await alice.nth(`${groupId}.publication`);
    });

    it('relays what v1 sockets and HTTP post to v2 subscribers, and what v2 publishes to v1 sockets', async () => {
      const groupId = await newGroup(service, ['alice', 'bob']);
      const bob = client('bob');
      const sub = bob.subscribe(groupId);
      bob.connect();
      await bob.nth(`${groupId}.subscribed`);
      const alice = await ChatSocketClient.member(service.httpUrl, groupId, 'alice');
      try {
        alice.send('from v1');
        await post(service, groupId, 'alice', 'from HTTP');
        await bob.nth(`${groupId}.publication`, 2);
        expect(bob.texts(groupId)).toEqual(['from v1', 'from HTTP']);
        await sub.publish({ text: 'from v2' });
        await alice.waitFor((frame) => frame.includes('from v2'), 'the v2 message on v1');
      } finally {
        await alice.close();
      }
    });

    it('stores a resent clientMessageId once and answers it as the first', async () => {
      const groupId = await newGroup(service, ['alice']);
      const alice = client('alice');
      const sub = alice.subscribe(groupId);
      alice.connect();
      await alice.nth(`${groupId}.subscribed`);
      await sub.publish({ text: 'once', clientMessageId: 'm-1' });
      await sub.publish({ text: 'once', clientMessageId: 'm-1' });
      const { body } = await http(service, 'GET', `/v1/groups/${groupId}/messages`);
      expect(body.messages).toEqual([expect.objectContaining({ text: 'once', clientMessageId: 'm-1', seq: 1 })]);
      const publication = await alice.nth(`${groupId}.publication`);
      expect(publication.data).toMatchObject({ text: 'once', clientMessageId: 'm-1' });
    });

    it('tells subscribers who join and leave, and answers presence and presence stats across protocols', async () => {
      const groupId = await newGroup(service, ['alice', 'bob', 'carol']);
      const bob = client('bob');
      const sub = bob.subscribe(groupId, { joinLeave: true });
      bob.connect();
      await bob.nth(`${groupId}.subscribed`);
      const alice = client('alice');
      alice.subscribe(groupId);
      alice.connect();
      expect((await bob.nth(`${groupId}.join`)).info.user).toBe('alice');
      // carol on v1 is online for v2 too.
      const carol = await ChatSocketClient.member(service.httpUrl, groupId, 'carol');
      expect((await bob.nth(`${groupId}.join`, 2)).info.user).toBe('carol');
      const presence = await sub.presence();
      expect(Object.values(presence.clients).map((info) => info.user).sort()).toEqual(['alice', 'bob', 'carol']);
      expect(await sub.presenceStats()).toEqual({ numClients: 3, numUsers: 3 });
      await carol.close();
      expect((await bob.nth(`${groupId}.leave`)).info.user).toBe('carol');
      alice.disconnect();
      expect((await bob.nth(`${groupId}.leave`, 2)).info.user).toBe('alice');
    });

    it('pages history from the store: oldest first, since a position, and newest first', async () => {
      const groupId = await newGroup(service, ['alice']);
      for (const text of ['one', 'two', 'three', 'four', 'five']) await post(service, groupId, 'alice', text);
      const alice = client('alice');
      const sub = alice.subscribe(groupId);
      alice.connect();
      const { streamPosition } = await alice.nth(`${groupId}.subscribed`);
      expect(streamPosition.offset).toBe(5);
      const texts = (page: { publications: { data: unknown }[] }) => page.publications.map(({ data }) => (data as { text: string }).text);
      const first = await sub.history({ limit: 2 });
      expect(texts(first)).toEqual(['one', 'two']);
      expect(first).toMatchObject({ offset: 5, epoch: streamPosition.epoch });
      expect(texts(await sub.history({ limit: 2, since: { offset: 2, epoch: streamPosition.epoch } }))).toEqual(['three', 'four']);
      expect(texts(await sub.history({ limit: 2, reverse: true }))).toEqual(['five', 'four']);
      expect(texts(await sub.history({ limit: 10, since: { offset: 4, epoch: streamPosition.epoch }, reverse: true }))).toEqual(['three', 'two', 'one']);
      await expect(sub.history({ limit: 2, since: { offset: 2, epoch: 'another-stream' } })).rejects.toMatchObject({ code: 112 });
    });

    it('recovers, after a disconnect, what v1 and HTTP posted meanwhile: recovered, in order, no duplicate', async () => {
      const groupId = await newGroup(service, ['alice', 'bob']);
      const bob = client('bob');
      bob.subscribe(groupId);
      bob.connect();
      await bob.nth(`${groupId}.subscribed`);
      await post(service, groupId, 'alice', 'before');
      await bob.nth(`${groupId}.publication`);
      bob.disconnect();
      await bob.nth('client.disconnected');
      const alice = await ChatSocketClient.member(service.httpUrl, groupId, 'alice');
      alice.send('missed over v1');
      await alice.waitFor((frame) => frame.includes('missed over v1'), 'the v1 message stored');
      await alice.close();
      await post(service, groupId, 'alice', 'missed over HTTP');
      bob.connect();
      const resubscribed = await bob.nth(`${groupId}.subscribed`, 2);
      expect(resubscribed).toMatchObject({ wasRecovering: true, recovered: true });
      await bob.nth(`${groupId}.publication`, 3);
      await post(service, groupId, 'alice', 'live again');
      await bob.nth(`${groupId}.publication`, 4);
      expect(bob.texts(groupId)).toEqual(['before', 'missed over v1', 'missed over HTTP', 'live again']);
      expect(bob.of(`${groupId}.publication`).map((ctx) => ctx.offset)).toEqual([1, 2, 3, 4]);
    });

    it('unsubscribes a member removed while subscribed, and everyone when the group is deleted', async () => {
      const groupId = await newGroup(service, ['alice', 'bob']);
      const alice = client('alice');
      const bob = client('bob');
      alice.subscribe(groupId);
      bob.subscribe(groupId);
      alice.connect();
      bob.connect();
      await alice.nth(`${groupId}.subscribed`);
      await bob.nth(`${groupId}.subscribed`);
      expect((await http(service, 'DELETE', `/v1/groups/${groupId}/members/bob`)).status).toBe(200);
      expect(await bob.nth(`${groupId}.unsubscribed`)).toMatchObject({ code: 2100, reason: 'removed from the group' });
      expect((await http(service, 'DELETE', `/v1/groups/${groupId}`)).status).toBe(200);
      expect(await alice.nth(`${groupId}.unsubscribed`)).toMatchObject({ code: 2101, reason: 'group deleted' });
    });
  });

  it('recovers after the service restarted: the epoch is stored with the group', async () => {
    const groupId = await newGroup(service, ['alice', 'bob']);
    const bob = client('bob');
    bob.subscribe(groupId);
    bob.connect();
    const first = await bob.nth(`${groupId}.subscribed`);
    await post(service, groupId, 'alice', 'before the restart');
    await bob.nth(`${groupId}.publication`);
    bob.disconnect();
    await service.stop();
    service = await startService({
      DATA_DIR: dataDir.path,
      AUTH_JWT_HMAC_SECRET: TEST_SECRET,
      HTTP_PORT: `${service.httpPort}`,
      GRPC_PORT: `${service.grpcPort}`,
    });
    await post(service, groupId, 'alice', 'after the restart');
    bob.connect();
    const again = await bob.nth(`${groupId}.subscribed`, 2);
    expect(again).toMatchObject({ recovered: true, streamPosition: { epoch: first.streamPosition.epoch } });
    await bob.nth(`${groupId}.publication`, 2);
    expect(bob.texts(groupId)).toEqual(['before the restart', 'after the restart']);
  });
});
