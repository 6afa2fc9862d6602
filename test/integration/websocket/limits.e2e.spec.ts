import { Socket } from 'node:net';
import { ChatSocketClient, v1 } from '../../support/chat-socket-client';
import { RunningService, startService } from '../../support/service-process';
import { seededStore } from '../../support/seeded-store';

const isInformation = (text: string, user: string) => (frame: string) => {
  const { type, fields } = v1.parse(frame);
  return type === 'Information' && fields[0] === text && fields[1] === user;
};

/** The TCP socket under a `ws` client: pausing it makes a client that stops reading, as a stuck browser tab does. */
const tcpOf = (client: ChatSocketClient) => (client.socket as unknown as { _socket: Socket })._socket;

jest.setTimeout(60_000);

describe('the WebSocket chat limits', () => {
  let store: { path: string; remove(): void };

  beforeAll(async () => {
    store = await seededStore([
      { groupId: 'slow', members: ['alice', 'bob', 'carol'] },
      { groupId: 'paced', members: ['alice', 'bob', 'zed'] },
    ]);
  });

  afterAll(() => store?.remove());

  describe('a client that stops reading', () => {
    const MAX_BUFFERED_BYTES = 65_536;
    let service: RunningService;

    beforeAll(async () => {
      service = await startService({
        DATA_DIR: store.path,
        WS_MAX_BUFFERED_BYTES: `${MAX_BUFFERED_BYTES}`,
        MAX_MESSAGE_LENGTH: '50000',
        WS_MAX_FRAME_BYTES: '262144',
        WS_MESSAGES_PER_SECOND: '1000000',
        WS_MESSAGE_BURST: '1000000',
        // Long enough for the stalled client to read its close frame once it reads again.
        WS_CLOSE_TIMEOUT_MS: '60000',
      });
    });

    afterAll(async () => {
      await service?.stop();
    });

    it('is disconnected with a reason once its outbound buffer passes the limit, while the others keep receiving', async () => {
      const alice = await ChatSocketClient.member(service.httpUrl, 'slow', 'alice');
      const carol = await ChatSocketClient.member(service.httpUrl, 'slow', 'carol');
      const bob = await ChatSocketClient.member(service.httpUrl, 'slow', 'bob');
      await carol.waitFor(isInformation('client connected to the group', 'bob'), 'bob connected');
      tcpOf(bob).pause();

      const padding = 'x'.repeat(40_000);
      const bobIsOut = isInformation('client disconnected from the group', 'bob');
      let sent = 0;
      // Carol gets each message before the next is sent: she is served all along, whatever bob does.
      while (!carol.frames.some(bobIsOut) && sent < 2000) {
        const content = `#${sent} ${padding}`;
        alice.send(content);
        sent++;
        await carol.waitFor((frame) => frame.startsWith(`["NewMessage",["slow","alice","#${sent - 1} `), `message #${sent - 1}`);
      }
      expect(carol.frames.some(bobIsOut)).toBe(true);

      alice.send('after bob');
      expect(v1.parse(await carol.waitFor((frame) => frame.includes('"after bob"'), 'the next message')).fields[2]).toBe(
        'after bob',
      );

      // Bob reads again: what was buffered before the cut, then the close frame with the reason.
      tcpOf(bob).resume();
      expect(await bob.closed).toEqual({
        code: 4408,
        reason: `too slow: more than ${MAX_BUFFERED_BYTES} bytes waiting to be sent`,
      });
      const bobMessages = bob.frames.filter((frame) => frame.startsWith('["NewMessage",'));
      expect(bobMessages.length).toBeLessThan(sent);
      expect(bobMessages).toEqual(
        carol.frames.filter((frame) => frame.startsWith('["NewMessage",')).slice(0, bobMessages.length),
      );

      await Promise.all([alice.close(), carol.close()]);
    }, 60_000);
  });

  describe('pace, keepalive and shutdown', () => {
    let service: RunningService;

    beforeAll(async () => {
      service = await startService({
        DATA_DIR: store.path,
        WS_MESSAGES_PER_SECOND: '5',
        WS_MESSAGE_BURST: '2',
        WS_PING_INTERVAL_MS: '1000',
      });
    });

    afterAll(async () => {
      await service?.stop();
    });

    it('reads a socket past its message rate later instead of dropping its messages', async () => {
      const alice = await ChatSocketClient.member(service.httpUrl, 'paced', 'alice');
      const sent = Array.from({ length: 8 }, (_, i) => `paced #${i}`);
      sent.forEach((text) => alice.send(text));
      const received = await alice.nextFrames(sent.length);
      expect(received.map((frame) => v1.parse(frame).fields[2])).toEqual(sent);
      await alice.close();
    });

    it('drops a peer that stops answering pings and tells the others it disconnected', async () => {
      const bob = await ChatSocketClient.member(service.httpUrl, 'paced', 'bob');
      const zed = await ChatSocketClient.member(service.httpUrl, 'paced', 'zed', { autoPong: false });
      await bob.waitFor(isInformation('client connected to the group', 'zed'), 'zed connected');

      // Dropped without a close frame: a dead peer would not read one.
      expect((await zed.closed).code).toBe(1006);
      await bob.waitFor(isInformation('client disconnected from the group', 'zed'), 'zed disconnected');

      // Bob answers pings (as browsers do) and is still served.
      bob.send('still connected');
      expect(v1.parse(await bob.waitFor((frame) => frame.includes('still connected'), 'own message')).type).toBe(
        'NewMessage',
      );
      await bob.close();
    });

    it('closes every socket with 1001 when the service stops', async () => {
      const alice = await ChatSocketClient.member(service.httpUrl, 'paced', 'alice');
      const bob = await ChatSocketClient.member(service.httpUrl, 'paced', 'bob');
      expect(await service.stop('SIGTERM')).toEqual({ code: 0, signal: null });
      expect(await alice.closed).toEqual({ code: 1001, reason: 'service shutting down' });
      expect(await bob.closed).toEqual({ code: 1001, reason: 'service shutting down' });
    });
  });
});
