import { tokenFor, TEST_SECRET } from '../../support/centrifuge-clients';
import { RawConnection } from '../../support/raw-centrifugal-connection';
import { ChatSocketClient } from '../../support/chat-socket-client';
import { RunningService, startService } from '../../support/service-process';

jest.setTimeout(30_000);

describe('the client protocol (v2), frame by frame', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({
      AUTH_JWT_HMAC_SECRET: TEST_SECRET,
      WS_MAX_FRAME_BYTES: '4096',
      V2_HANDSHAKE_TIMEOUT_MS: '500',
      WS_MESSAGES_PER_SECOND: '1',
      WS_MESSAGE_BURST: '5',
    });
    const create = await fetch(`${service.httpUrl}/v1/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groupId: 'raw', createdBy: 'alice' }),
    });
    expect(create.status).toBe(201);
  });
  afterAll(() => service?.stop());

  const connected = async () => {
    const connection = await RawConnection.open(service);
    connection.send(JSON.stringify({ id: 1, connect: { token: tokenFor('alice') } }));
    expect(await connection.reply(1)).toMatchObject({ connect: { client: expect.any(String), ping: expect.any(Number), pong: true } });
    return connection;
  };

  it.each([
    ['that is not JSON', '{"id":1,', 'bad request: a command is not JSON'],
    ['that is not an object', '[1,2,3]', 'bad request: a command is not a JSON object'],
    ['without a request', '{"id":1,"nothing":{}}', 'bad request: a command names no request'],
    ['with a wrong id', '{"id":-4,"connect":{}}', 'bad request: a command id must be a whole number from 1 to 4294967295'],
    ['whose request is not an object', '{"id":1,"connect":"alice"}', 'bad request: connect must be an object'],
    ['other than connect first', '{"id":1,"subscribe":{"channel":"raw"}}', 'bad request: connect first'],
  ])('ends the connection with 3501 on a command %s, saying why without echoing it', async (_what, frame, reason) => {
    const connection = await RawConnection.open(service);
    connection.send(frame);
    expect(await connection.closed).toEqual({ code: 3501, reason });
  });

  it('ends the connection with 3501 on a binary frame, and with 1009 on a frame past the limit', async () => {
    const binary = await RawConnection.open(service);
    binary.send(Buffer.from('{"id":1,"connect":{}}'), true);
    expect(await binary.closed).toEqual({ code: 3501, reason: 'bad request: binary frame (JSON protocol only)' });
    const large = await RawConnection.open(service);
    large.send(JSON.stringify({ id: 1, connect: { token: 'x'.repeat(5000) } }));
    expect((await large.closed).code).toBe(1009);
  });

  it('refuses a field past its bound before any work: a channel longer than an id may be', async () => {
    const connection = await connected();
    connection.send(JSON.stringify({ id: 2, subscribe: { channel: 'g'.repeat(300) } }));
    expect(await connection.closed).toEqual({ code: 3501, reason: 'bad request: channel is longer than 256 characters' });
  });

  it('answers a connect with an expired token with 109 (the SDK then fetches a new one), and one with a forged token with 3500', async () => {
    const expired = await RawConnection.open(service);
    expired.send(JSON.stringify({ id: 1, connect: { token: tokenFor('alice', { expiresInSeconds: -5 }) } }));
    expect(await expired.reply(1)).toEqual({ id: 1, error: { code: 109, message: 'token expired' } });
    expired.socket.close();
    const forged = await RawConnection.open(service);
    forged.send(JSON.stringify({ id: 1, connect: { token: tokenFor('alice', { secret: 'x'.repeat(40) }) } }));
    expect(await forged.closed).toEqual({ code: 3500, reason: 'invalid token: invalid signature' });
  });

  it('ends a connection that sends no connect in time with 3502', async () => {
    const connection = await RawConnection.open(service);
    expect(await connection.closed).toEqual({ code: 3502, reason: 'stale' });
  });

  it('answers what it does not serve with 104, a bad publish with 107, a second subscribe with 105, and goes on serving', async () => {
    const connection = await connected();
    connection.send(
      [
        JSON.stringify({ id: 2, rpc: { method: 'anything' } }),
        JSON.stringify({ id: 3, publish: { channel: 'raw', data: 'not an object' } }),
        JSON.stringify({ id: 4, subscribe: { channel: 'raw' } }),
      ].join('\n'),
    );
    expect(await connection.reply(2)).toEqual({ id: 2, error: { code: 104, message: 'method not found' } });
    expect((await connection.reply(3)).error.code).toBe(107);
    expect(await connection.reply(4)).toMatchObject({ subscribe: { recoverable: true, offset: 0 } });
    connection.send(JSON.stringify({ id: 5, subscribe: { channel: 'raw' } }));
    expect(await connection.reply(5)).toEqual({ id: 5, error: { code: 105, message: 'already subscribed' } });
    connection.send(JSON.stringify({ id: 6, publish: { channel: 'raw', data: { text: 'still here' } } }));
    expect(await connection.reply(6)).toEqual({ id: 6, publish: {} });
    connection.socket.close();
  });

  it('answers publishes past the rate with 111, storing none of them, and counts them as refused', async () => {
    const connection = await connected();
    const before = await (await fetch(`${service.httpUrl}/metrics`)).text();
    const refusedBefore = Number(/chat_websocket_frames_refused_total\{code="TOO_MANY_REQUESTS"\} (\d+)/.exec(before)?.[1] ?? 0);
    connection.send(
      Array.from({ length: 8 }, (_, n) => JSON.stringify({ id: n + 2, publish: { channel: 'raw', data: { text: `burst ${n}` } } })).join('\n'),
    );
    const replies = await Promise.all(Array.from({ length: 8 }, (_, n) => connection.reply(n + 2)));
    const refused = replies.filter((reply) => reply.error?.code === 111);
    expect(refused.length).toBeGreaterThanOrEqual(3);
    expect(replies.filter((reply) => reply.publish).length + refused.length).toBe(8);
    const after = await (await fetch(`${service.httpUrl}/metrics`)).text();
    expect(Number(/chat_websocket_frames_refused_total\{code="TOO_MANY_REQUESTS"\} (\d+)/.exec(after)?.[1])).toBe(refusedBefore + refused.length);
    connection.socket.close();
  });

  it('keeps v1 sockets untouched at their own path', async () => {
    const alice = await ChatSocketClient.member(service.httpUrl, 'raw', 'alice');
    alice.send('v1 is still here');
    await alice.waitFor((frame) => frame.includes('v1 is still here'), 'the v1 message');
    await alice.close();
  });
});

describe('the client protocol (v2) in production without a key', () => {
  it('refuses v2 connections with 3500 and a reason, while the service and v1 keep working', async () => {
    const service = await startService({ NODE_ENV: 'production' });
    try {
      const connection = await RawConnection.open(service);
      connection.send(JSON.stringify({ id: 1, connect: { data: { user: 'alice' } } }));
      const closed = await connection.closed;
      expect(closed.code).toBe(3500);
      expect(closed.reason).toContain('no key is configured');
      expect((await fetch(`${service.httpUrl}/health/ready`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });

  it('takes the user from the connect data in development mode (no key, not production)', async () => {
    const service = await startService({});
    try {
      const connection = await RawConnection.open(service);
      connection.send(JSON.stringify({ id: 1, connect: { data: { user: 'alice' } } }));
      expect(await connection.reply(1)).toMatchObject({ connect: { client: expect.any(String) } });
      expect(service.output()).toContain('development mode');
      connection.socket.close();
    } finally {
      await service.stop();
    }
  });
});
