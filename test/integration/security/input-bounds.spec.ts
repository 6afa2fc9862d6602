import { status } from '@grpc/grpc-js';
import { join } from 'node:path';
import { endpointOf, RecordingClient, tokenFor, TEST_SECRET } from '../../support/centrifuge-clients';
import { ChatSocketClient, chatPath, refusal } from '../../support/chat-socket-client';
import { clientFrom, groupChatClient, unary } from '../../support/grpc-test-clients';
import { RunningService, startService } from '../../support/service-process';

jest.setTimeout(60_000);

const LONG_ID = 'g'.repeat(200_000);

describe('every input has a bound, checked before any lookup, and no answer echoes it', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ AUTH_JWT_HMAC_SECRET: TEST_SECRET });
    const post = (path: string, body: unknown) =>
      fetch(`${service.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await post('/v1/groups', { groupId: 'bounded', createdBy: 'alice' })).status).toBe(201);
  });
  afterAll(() => service?.stop());

  it('answers gRPC reads of a 200 KB group id with a short INVALID_ARGUMENT at once, and the connection goes on serving', async () => {
    const client = groupChatClient(service.grpcPort);
    try {
      for (const method of ['GetGroup', 'GetHistory']) {
        const started = Date.now();
        const outcome = await unary(client, method, { group_id: LONG_ID });
        expect(outcome).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT });
        expect(outcome.ok === false && outcome.details.length).toBeLessThan(200);
        expect(Date.now() - started).toBeLessThan(2000);
      }
      expect(await unary(client, 'GetGroup', { group_id: 'bounded' })).toMatchObject({ ok: true });
    } finally {
      client.close();
    }
  });

  it('answers position-pal\'s RetrieveLastMessages of a 1 MiB id without echoing it', async () => {
    const positionPal = clientFrom('chatservice/chat_service.proto', [join(__dirname, '..', '..', '..', 'presentation', 'grpc')], 'chatservice.ChatService', service.grpcPort);
    try {
      const reply = await new Promise<{ status?: { message?: string } }>((resolve, reject) =>
        positionPal.RetrieveLastMessages({ group_id: 'g'.repeat(1024 * 1024), number_of_messages: '5' }, (error: Error | null, response: object) =>
          error ? reject(error) : resolve(response),
        ),
      );
      expect(JSON.stringify(reply).length).toBeLessThan(500);
    } finally {
      positionPal.close();
    }
  });

  it('answers an over-long id in an HTTP path with a short 400', async () => {
    const response = await fetch(`${service.httpUrl}/v1/groups/${'g'.repeat(5000)}/messages`);
    expect(response.status).toBe(400);
    expect((await response.text()).length).toBeLessThan(300);
  });

  it('closes a v1 socket for an over-long group id with 4400, not an internal error', async () => {
    const closed = await refusal(service.httpUrl, chatPath('g'.repeat(300), 'alice'));
    expect(closed).toMatchObject({ code: 4400, reason: 'malformed id: empty, too long or with control characters' });
  });

  describe('a message that shows nothing, or holds a NUL', () => {
    const invisible = ['\u200b\u200b', ' \u2060\ufeff ', '\u3164', '\u2800\u2800'];

    it('is refused over HTTP with 400, and over gRPC with INVALID_ARGUMENT', async () => {
      const client = groupChatClient(service.grpcPort);
      try {
        for (const text of [...invisible, 'with a \u0000 NUL']) {
          const http = await fetch(`${service.httpUrl}/v1/groups/bounded/messages`, {
            method: 'POST',
            headers: { 'content-type': 'application/json' },
            body: JSON.stringify({ senderId: 'alice', text }),
          });
          expect([JSON.stringify(text), http.status]).toEqual([JSON.stringify(text), 400]);
          const grpc = await unary(client, 'PostMessage', { group_id: 'bounded', sender_id: 'alice', text });
          expect(grpc).toMatchObject({ ok: false, code: status.INVALID_ARGUMENT });
        }
      } finally {
        client.close();
      }
    });

    it('is refused over the client protocol with 107', async () => {
      const alice = new RecordingClient(endpointOf(service.httpUrl), { token: tokenFor('alice') });
      try {
        const sub = alice.subscribe('bounded');
        alice.connect();
        await alice.nth('bounded.subscribed');
        await expect(sub.publish({ text: '\u200b' })).rejects.toMatchObject({ code: 107 });
        await expect(sub.publish({ text: 'a\u0000b' })).rejects.toMatchObject({ code: 107 });
      } finally {
        alice.disconnect();
      }
    });

    it('is stored exactly as received over v1, as position-pal\'s contract says', async () => {
      const alice = await ChatSocketClient.member(service.httpUrl, 'bounded', 'alice');
      try {
        alice.send('\u200b\u200b');
        await alice.waitFor((frame) => frame.includes('NewMessage'), 'the stored message');
        const { messages } = (await (await fetch(`${service.httpUrl}/v1/groups/bounded/messages`)).json()) as { messages: { text: string }[] };
        expect(messages.map((message) => message.text)).toEqual(['\u200b\u200b']);
      } finally {
        await alice.close();
      }
    });
  });
});
