import { RunningService, startService } from '../../support/service-process';
import { ChatSocketClient, chatPath, INSTANT, refusal, v1 } from '../../support/chat-socket-client';
import { seededStore } from '../../support/seeded-store';

/** The position-pal v1 chat socket of the running service, with real `ws` clients. */
jest.setTimeout(60_000);

describe('the WebSocket chat (position-pal v1 protocol)', () => {
  let store: { path: string; remove(): void };
  let service: RunningService;
  const clients: ChatSocketClient[] = [];
  const member = async (groupId: string, user: string) => {
    const client = await ChatSocketClient.member(service.httpUrl, groupId, user);
    clients.push(client);
    return client;
  };

  beforeAll(async () => {
    store = await seededStore([
      // One group per test, so that a previous test's late disconnections cannot reach the next.
      ...['fanout', 'verbatim', 'refused-frames', 'oversized', 'presence', 'self'].map((groupId) => ({
        groupId,
        members: ['alice', 'bob'],
      })),
      { groupId: 'refusals', members: ['alice', 'bob'] },
      { groupId: 'gone', members: ['alice'], deleted: true },
    ]);
    service = await startService({ DATA_DIR: store.path, MAX_MESSAGE_LENGTH: '100', WS_MAX_FRAME_BYTES: '4096' });
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await service?.stop();
    store?.remove();
  });

  describe('messages', () => {
    it('sends each stored message to every member online, the sender included, as the exact NewMessage frame', async () => {
      const alice = await member('fanout', 'alice');
      const bob = await member('fanout', 'bob');
      await alice.waitFor((frame) => frame.includes('client connected to the group'), 'bob connected');

      alice.send('hello, "bob" ✓ 🙂');
      const [toAlice, toBob] = [await alice.nextFrame(), await bob.nextFrame()];

      expect(toAlice).toBe(toBob);
      const match = /^\{"NewMessage":\["fanout","alice","hello, \\"bob\\" ✓ 🙂","([^"]+)"\]\}$/.exec(toAlice);
      expect(match).not.toBeNull();
      expect(match![1]).toMatch(INSTANT);
      expect(toAlice).toBe(v1.newMessage('fanout', 'alice', 'hello, "bob" ✓ 🙂', match![1]));

      bob.send('hi alice');
      const reply = await alice.nextFrame();
      expect(reply).toMatch(/^\{"NewMessage":\["fanout","bob","hi alice","\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z"\]\}$/);
      expect(await bob.nextFrame()).toBe(reply);
    });

    it('treats the whole text of a frame as the content, JSON-looking or not', async () => {
      const alice = await member('verbatim', 'alice');
      alice.send('{"NewMessage":["x"]}');
      expect(v1.parse(await alice.nextFrame())).toEqual({
        type: 'NewMessage',
        fields: ['verbatim', 'alice', '{"NewMessage":["x"]}', expect.stringMatching(INSTANT)],
      });
    });

    it('answers an empty, too long or binary frame with an Error frame, stores nothing and keeps the socket open', async () => {
      const alice = await member('refused-frames', 'alice');
      const bob = await member('refused-frames', 'bob');
      await alice.waitFor((frame) => frame.includes('client connected to the group'), 'bob connected');

      alice.send('   ');
      expect(v1.parse(await alice.nextFrame())).toEqual({
        type: 'Error',
        fields: ['EMPTY_MESSAGE', 'message text is empty', expect.stringMatching(INSTANT)],
      });
      alice.send('x'.repeat(101));
      expect(v1.parse(await alice.nextFrame())).toEqual({
        type: 'Error',
        fields: ['MESSAGE_TOO_LONG', 'message text is longer than the limit of 100 characters', expect.stringMatching(INSTANT)],
      });
      alice.send(Buffer.from('binary'), { binary: true });
      expect(v1.parse(await alice.nextFrame())).toEqual({
        type: 'Error',
        fields: ['BINARY_FRAME', 'only text frames carry messages', expect.stringMatching(INSTANT)],
      });

      alice.send('still here');
      expect(v1.parse(await alice.nextFrame()).fields.slice(0, 3)).toEqual(['refused-frames', 'alice', 'still here']);
      // Bob heard nothing of the refused frames: his first frame is the message that was stored.
      expect(v1.parse(await bob.nextFrame()).fields.slice(0, 3)).toEqual(['refused-frames', 'alice', 'still here']);
    });

    it('closes with 1009 a socket that sends a frame over WS_MAX_FRAME_BYTES, and the others go on', async () => {
      const alice = await member('oversized', 'alice');
      const bob = await member('oversized', 'bob');
      await alice.waitFor((frame) => frame.includes('client connected to the group'), 'bob connected');

      bob.send('b'.repeat(5000));
      // `ws` refuses the frame before buffering it whole; the standard code says why, with no reason text.
      expect(await bob.closed).toEqual({ code: 1009, reason: '' });
      const disconnected = v1.parse(await alice.nextFrame());
      expect(disconnected.fields.slice(0, 2)).toEqual(['client disconnected from the group', 'bob']);

      alice.send('after the flood');
      expect(v1.parse(await alice.nextFrame()).fields.slice(1, 3)).toEqual(['alice', 'after the flood']);
    });
  });

  describe('refusals', () => {
    it.each([
      ['a user who is not a member', chatPath('refusals', 'mallory'), 4403, 'not a member of the group'],
      ['an unknown group', chatPath('no-such-group', 'alice'), 4404, 'unknown group: no group has this id'],
      ['a deleted group', chatPath('gone', 'alice'), 4410, 'group deleted'],
      ['a missing user', '/v1/messages/refusals', 4401, 'missing user: expected exactly one ?user={clientId}'],
      ['an empty user', '/v1/messages/refusals?user=', 4401, 'missing user: expected exactly one ?user={clientId}'],
      ['two users', '/v1/messages/refusals?user=alice&user=bob', 4401, 'missing user: expected exactly one ?user={clientId}'],
      ['a missing group id', '/v1/messages/?user=alice', 4400, 'malformed path: expected /v1/messages/{groupId}?user={clientId}'],
      ['a path too deep', '/v1/messages/refusals/more?user=alice', 4400, 'malformed path: expected /v1/messages/{groupId}?user={clientId}'],
      ['a broken escape', '/v1/messages/%E0%A4%A?user=alice', 4400, 'malformed path: expected /v1/messages/{groupId}?user={clientId}'],
    ])('refuses %s (%s) with close code %i and a reason that says why', async (_case, path, code, reason) => {
      const refused = await refusal(service.httpUrl, path);
      expect({ code: refused.code, reason: refused.reason }).toEqual({ code, reason });
      expect(refused.frames).toEqual([]);
    });

    it('answers an upgrade to any other path with HTTP 404', async () => {
      await expect(ChatSocketClient.connect(service.httpUrl, '/v2/elsewhere?user=alice')).rejects.toThrow(
        'upgrade refused with HTTP 404',
      );
    });

    it('tells nobody about a refused connection', async () => {
      const alice = await member('refusals', 'alice');
      await refusal(service.httpUrl, chatPath('refusals', 'mallory'));
      alice.send('anyone?');
      expect(v1.parse(await alice.nextFrame()).fields.slice(1, 3)).toEqual(['alice', 'anyone?']);
    });
  });

  describe('presence', () => {
    const information = (text: string, user: string) => (frame: string) => {
      const parsed = v1.parse(frame);
      return parsed.type === 'Information' && parsed.fields[0] === text && parsed.fields[1] === user;
    };

    it('tells the members online when a user comes online on a first socket and goes offline with the last', async () => {
      const alice = await member('presence', 'alice');

      const bobPhone = await member('presence', 'bob');
      const connected = await alice.nextFrame();
      expect(connected).toMatch(/^\{"Information":\["client connected to the group","bob","[^"]+"\]\}$/);
      expect(v1.parse(connected).fields[2]).toMatch(INSTANT);

      // A second device: bob is already online, so nobody is told; both devices get every frame.
      const bobLaptop = await member('presence', 'bob');
      alice.send('to both devices');
      const message = await alice.nextFrame();
      expect(v1.parse(message).fields.slice(1, 3)).toEqual(['alice', 'to both devices']);
      expect(await bobPhone.nextFrame()).toBe(message);
      expect(await bobLaptop.nextFrame()).toBe(message);

      // Closing one device leaves bob online: the next frame alice gets is a message, not a disconnection.
      await bobPhone.close();
      bobLaptop.send('from the laptop');
      expect(v1.parse(await alice.nextFrame()).fields.slice(1, 3)).toEqual(['bob', 'from the laptop']);

      await bobLaptop.close();
      const disconnected = await alice.nextFrame();
      expect(disconnected).toMatch(/^\{"Information":\["client disconnected from the group","bob","[^"]+"\]\}$/);
      expect(v1.parse(disconnected).fields[2]).toMatch(INSTANT);
      expect(information('client disconnected from the group', 'bob')(disconnected)).toBe(true);
    });

    it('does not tell a user of its own connection', async () => {
      const bob = await member('self', 'bob');
      const alice = await member('self', 'alice');
      alice.send('first');
      expect(v1.parse(await alice.nextFrame()).fields.slice(1, 3)).toEqual(['alice', 'first']);
      expect(information('client connected to the group', 'alice')(await bob.nextFrame())).toBe(true);
    });
  });
});
