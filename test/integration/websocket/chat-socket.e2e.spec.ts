import { RunningService, startService } from '../../support/service-process';
import { ChatSocketClient, chatPath, INSTANT, refusal, v1 } from '../../support/chat-socket-client';
import { Scrape } from '../../support/prometheus-scrape';
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
      ...['fanout', 'verbatim', 'refused-frames', 'oversized', 'presence', 'self', 'browser'].map((groupId) => ({
        groupId,
        members: ['alice', 'bob'],
      })),
      { groupId: 'refusals', members: ['alice', 'bob'] },
      { groupId: 'gone', members: ['alice'], deleted: true },
    ]);
    service = await startService({ DATA_DIR: store.path, MAX_MESSAGE_LENGTH: '100', WS_MAX_FRAME_BYTES: '4096', LOG_LEVEL: 'info' });
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
      const match = /^\["NewMessage",\["fanout","alice","hello, \\"bob\\" ✓ 🙂","([^"]+)"\]\]$/.exec(toAlice);
      expect(match).not.toBeNull();
      expect(match![1]).toMatch(INSTANT);
      expect(toAlice).toBe(v1.newMessage('fanout', 'alice', 'hello, "bob" ✓ 🙂', match![1]));

      bob.send('hi alice');
      const reply = await alice.nextFrame();
      expect(reply).toMatch(/^\["NewMessage",\["fanout","bob","hi alice","\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d{3})?Z"\]\]$/);
      expect(await bob.nextFrame()).toBe(reply);
    });

    it('stores and relays the content exactly as sent, JSON-looking or not', async () => {
      const alice = await member('verbatim', 'alice');
      alice.send('["NewMessage",["x"]]');
      expect(v1.parse(await alice.nextFrame())).toMatchObject({
        type: 'NewMessage',
        fields: ['verbatim', 'alice', '["NewMessage",["x"]]', expect.stringMatching(INSTANT)],
      });
      alice.send('  padded  ');
      expect(v1.parse(await alice.nextFrame()).fields[2]).toBe('  padded  ');
    });

    it("shows position-pal's browser its own message as it sent it: JSON.stringify(text), quotes kept in the store", async () => {
      const alice = await member('browser', 'alice');
      const bob = await member('browser', 'bob');
      await alice.waitFor((frame) => frame.includes('client connected to the group'), 'bob connected');
      // What the browser sends for what its user typed.
      const typed = 'see you at "the usual" place';
      alice.send(JSON.stringify(typed));

      for (const client of [alice, bob]) {
        const { shown } = v1.parse(await client.nextFrame());
        expect(shown).toMatchObject({ kind: 'message', sender: 'alice', content: JSON.stringify(typed) });
        // The browser strips one pair of quotes and no escapes, as it does for position-pal's own service.
        expect(shown.kind === 'message' && shown.text).toBe('see you at \\"the usual\\" place');
      }
      const history = (await (await fetch(`${service.httpUrl}/v1/groups/browser/messages`)).json()) as { messages: { text: string }[] };
      expect(history.messages.map((message) => message.text)).toEqual([JSON.stringify(typed)]);
    });

    it('sends no frame for an empty, too long or binary frame: stores nothing, counts it and keeps the socket open', async () => {
      const alice = await member('refused-frames', 'alice');
      const bob = await member('refused-frames', 'bob');
      await alice.waitFor((frame) => frame.includes('client connected to the group'), 'bob connected');
      const before = await Scrape.of(service.httpUrl);

      alice.send('   ');
      alice.send('x'.repeat(101));
      alice.send(Buffer.from('binary'), { binary: true });
      alice.send('still here');

      // position-pal's browser would show any other frame as a chat message: the next frame is the stored message.
      expect(v1.parse(await alice.nextFrame()).fields.slice(0, 3)).toEqual(['refused-frames', 'alice', 'still here']);
      expect(v1.parse(await bob.nextFrame()).fields.slice(0, 3)).toEqual(['refused-frames', 'alice', 'still here']);
      const after = await Scrape.of(service.httpUrl);
      for (const code of ['EMPTY_MESSAGE', 'MESSAGE_TOO_LONG', 'BINARY_FRAME']) {
        expect([code, after.since(before, 'chat_websocket_frames_refused_total', { code })]).toEqual([code, 1]);
      }
      const history = (await (await fetch(`${service.httpUrl}/v1/groups/refused-frames/messages`)).json()) as { messages: { text: string }[] };
      expect(history.messages.map((message) => message.text)).toEqual(['still here']);
      expect(alice.unread()).toEqual([]);
      // Logged by its reason, never with the text the client sent.
      expect(service.output()).toMatch(/"msg":"chat message not stored"[^\n]*"code":"MESSAGE_TOO_LONG"/);
      expect(service.output()).not.toContain('x'.repeat(101));
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
      expect(connected).toMatch(/^\["Information",\["client connected to the group","bob","[^"]+"\]\]$/);
      expect(v1.parse(connected).fields[2]).toMatch(INSTANT);

      // A second device: bob is already online, so the others are not told; the new socket hears of itself, and both
      // devices get every frame.
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
      expect(disconnected).toMatch(/^\["Information",\["client disconnected from the group","bob","[^"]+"\]\]$/);
      expect(v1.parse(disconnected).fields[2]).toMatch(INSTANT);
      expect(information('client disconnected from the group', 'bob')(disconnected)).toBe(true);
    });

    it('tells each newly opened socket of its own connection first, as position-pal does', async () => {
      const bob = await member('self', 'bob');
      const alice = await ChatSocketClient.connect(service.httpUrl, chatPath('self', 'alice'));
      clients.push(alice);
      const own = v1.parse(await alice.nextFrame());
      expect(own.shown).toMatchObject({ kind: 'notice', text: 'client connected to the group', clientId: 'alice' });
      expect(own.fields[2]).toMatch(INSTANT);
      // bob hears it once, with the same time.
      expect(await bob.nextFrame()).toBe(v1.information('client connected to the group', 'alice', own.fields[2] as string));
      alice.send('first');
      expect(v1.parse(await alice.nextFrame()).fields.slice(1, 3)).toEqual(['alice', 'first']);
    });
  });
});
