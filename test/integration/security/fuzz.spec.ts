import { Metadata, status } from '@grpc/grpc-js';
import fc from 'fast-check';
import { WebSocket } from 'ws';
import { endpointOf, tokenFor, TEST_SECRET } from '../../support/centrifuge-clients';
import { ChatSocketClient } from '../../support/chat-socket-client';
import { groupChatClient } from '../../support/grpc-test-clients';
import { RunningService, startService } from '../../support/service-process';
import { describeWithService } from '../../support/services';
import { amqpSettings, UserServiceBroker, uniqueQueues } from '../../support/user-service-broker';

/**
 * Random input at every live port of a running service, seeded (FUZZ_SEED reproduces a run) and bounded in runs and
 * time: the service must never crash, never answer 500 / INTERNAL, and keep the history it had.
 */
jest.setTimeout(180_000);

const SEED = Number(process.env.FUZZ_SEED ?? 20261202);
const RUNS = Number(process.env.FUZZ_RUNS ?? 150);
const settings = { seed: SEED, numRuns: RUNS, interruptAfterTimeLimit: 30_000, markInterruptAsFailure: false } as const;

/** Strings that reach for the edges: control characters, quotes, brackets, emoji, long runs. */
const nasty = fc.oneof(
  fc.string({ maxLength: 64 }),
  fc.string({ unit: 'binary', maxLength: 64 }),
  fc.constantFrom('', ' ', '\u0000', '\u200b', '"', '\\', '[', '{', '%', '%00', '../', '\ud800', '😀'.repeat(20)),
  fc.string({ maxLength: 3 }).map((piece) => piece.repeat(300)),
);
const json = fc.jsonValue({ maxDepth: 4 });

/** As a client would put it in a URL; a string no URL can hold (a lone surrogate) becomes one that can. */
function inUrl(value: string): string {
  try {
    return encodeURIComponent(value).slice(0, 3000);
  } catch {
    return 'x';
  }
}

describeWithService('RABBITMQ', 'fuzzing every port of a running service', () => {
  const queues = uniqueQueues('chat-fuzz-test');
  let service: RunningService;
  let broker: UserServiceBroker;

  async function history(): Promise<string[]> {
    const response = await fetch(`${service.httpUrl}/v1/groups/fuzz/messages?limit=1000`);
    return ((await response.json()) as { messages: { text: string }[] }).messages.map((message) => message.text);
  }

  async function stillServing(): Promise<void> {
    if (service.process.exitCode !== null) throw new Error(`the service exited:\n${service.output().slice(-3000)}`);
    expect((await fetch(`${service.httpUrl}/health/live`)).status).toBe(200);
  }

  let before: string[];
  beforeAll(async () => {
    service = await startService({ ...amqpSettings(queues), AUTH_JWT_HMAC_SECRET: TEST_SECRET, WS_MESSAGES_PER_SECOND: '10000', WS_MESSAGE_BURST: '10000' });
    broker = await UserServiceBroker.connect();
    const post = (path: string, body: unknown) =>
      fetch(`${service.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    await post('/v1/groups', { groupId: 'fuzz', createdBy: 'alice' });
    for (const text of ['one', 'two', 'three']) await post('/v1/groups/fuzz/messages', { senderId: 'alice', text });
    before = await history();
  });
  afterAll(async () => {
    await service?.stop();
    await broker?.deleteQueues(queues).catch(() => undefined);
    await broker?.close();
  });

  it('HTTP: random methods, paths and bodies never answer 500', async () => {
    await fc.assert(
      fc.asyncProperty(
        fc.constantFrom('GET', 'POST', 'DELETE', 'PUT', 'PATCH'),
        // Never the seeded group's own path: deleting it would be a legitimate change, not damage.
        fc.constantFrom('/v1/groups', '/v1/groups/', '/v1/groups/fuzz-', '/v1/groups/fuzz/members/', '/v1/groups/fuzz/messages', '/admin/instance'),
        nasty,
        fc.oneof(json.map((value) => JSON.stringify(value)), nasty),
        fc.constantFrom('application/json', 'text/plain', 'application/x-www-form-urlencoded', ''),
        async (method, base, suffix, body, type) => {
          const path = `${base}${inUrl(suffix).slice(0, 2000)}`;
          const withBody = method !== 'GET' && method !== 'DELETE';
          const response = await fetch(`${service.httpUrl}${path}?limit=${inUrl(suffix.slice(0, 20))}`, {
            method,
            headers: type ? { 'content-type': type } : {},
            body: withBody ? body : undefined,
          });
          await response.arrayBuffer();
          expect([method, path, response.status]).not.toEqual([method, path, 500]);
          expect(response.status).toBeLessThan(500);
        },
      ),
      settings,
    );
    await stillServing();
  });

  it('gRPC chat.v1: random field values never answer INTERNAL or UNKNOWN', async () => {
    const client = groupChatClient(service.grpcPort) as unknown as Record<string, Function>;
    try {
      await fc.assert(
        fc.asyncProperty(
          fc.constantFrom('CreateGroup', 'GetGroup', 'AddMember', 'RemoveMember', 'PostMessage', 'GetHistory', 'DeleteGroup'),
          nasty,
          nasty,
          fc.nat(),
          async (method, first, second, number) => {
            // Never the seeded group itself: deleting it would be a legitimate change, not damage.
            const group = first === 'fuzz' ? 'fuzz-other' : first;
            const request = { group_id: group, created_by: second, member_id: second, sender_id: second, text: second, before_seq: number, limit: number % 2000 };
            const code = await new Promise<number>((resolve) =>
              client[method].call(client, request, new Metadata(), { deadline: Date.now() + 10_000 }, (error: { code: number } | null) =>
                resolve(error ? error.code : status.OK),
              ),
            );
            expect([method, code]).not.toEqual([method, status.INTERNAL]);
            expect([method, code]).not.toEqual([method, status.UNKNOWN]);
            expect([method, code]).not.toEqual([method, status.DEADLINE_EXCEEDED]);
          },
        ),
        settings,
      );
    } finally {
      (client as unknown as { close(): void }).close();
    }
    await stillServing();
  });

  it('WebSocket v1: random upgrade paths and frames never crash the service; a socket ends only with a documented code', async () => {
    await fc.assert(
      fc.asyncProperty(nasty, nasty, async (group, user) => {
        const socket = new WebSocket(`${service.httpUrl.replace('http', 'ws')}/v1/messages/${inUrl(group)}?user=${inUrl(user)}`);
        const closed = await new Promise<number | string>((resolve) => {
          socket.on('close', (code) => resolve(code));
          socket.on('unexpected-response', (_request, response) => resolve(`http ${response.statusCode}`));
          socket.on('error', () => undefined);
          socket.on('open', () => setTimeout(() => socket.close(1000), 20));
        });
        expect([1000, 1005, 4400, 4401, 4403, 4404, 4410, 'http 404']).toContain(closed);
      }),
      { ...settings, numRuns: Math.ceil(RUNS / 3) },
    );
    await stillServing();
    const alice = await ChatSocketClient.member(service.httpUrl, 'fuzz', 'alice');
    try {
      await fc.assert(
        fc.asyncProperty(fc.oneof(nasty, json.map((value) => JSON.stringify(value))), async (frame) => {
          if (frame.trim() !== '') alice.send(frame);
        }),
        settings,
      );
      alice.send('after the fuzz');
      await alice.waitFor((frame) => frame.includes('after the fuzz'), 'a message after the fuzz');
    } finally {
      await alice.close();
    }
    await stillServing();
  });

  it('the client protocol (v2): random command lines get a reply or a protocol close, never a crash', async () => {
    await fc.assert(
      fc.asyncProperty(fc.array(fc.oneof(json.map((value) => JSON.stringify(value)), nasty), { minLength: 1, maxLength: 5 }), async (lines) => {
        const socket = new WebSocket(endpointOf(service.httpUrl));
        await new Promise((resolve, reject) => {
          socket.once('open', resolve);
          socket.once('error', reject);
        });
        const closed = new Promise<number>((resolve) => socket.once('close', (code) => resolve(code)));
        socket.send(JSON.stringify({ id: 1, connect: { token: tokenFor('alice') } }));
        socket.send(lines.join('\n'));
        setTimeout(() => socket.close(1000), 50);
        expect([1000, 1005, 1009, 3501]).toContain(await closed);
      }),
      { ...settings, numRuns: Math.ceil(RUNS / 2) },
    );
    await stillServing();
  });

  it('AMQP: random bodies and headers are applied or dead-lettered, never crash the consumer', async () => {
    await broker.waitForConsumer(queues.queue);
    await fc.assert(
      fc.asyncProperty(
        fc.uint8Array({ maxLength: 512 }),
        fc.constantFrom('GROUP_CREATED', 'GROUP_DELETED', 'MEMBER_ADDED', 'MEMBER_REMOVED', 'OTHER', ''),
        async (body, type) => {
          await broker.publishRaw(Buffer.from(body), type ? { message_type: type } : {});
        },
      ),
      settings,
    );
    await broker.waitForDelivered(queues.queue, 60_000);
    await stillServing();
    expect((await fetch(`${service.httpUrl}/health/ready`)).status).toBe(200);
  });

  it('keeps the history it had: what the fuzz stored came after it', async () => {
    await stillServing();
    const after = await history();
    expect(after.slice(0, before.length)).toEqual(before);
  });
});
