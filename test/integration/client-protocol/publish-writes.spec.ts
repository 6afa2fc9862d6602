import { readFileSync } from 'node:fs';
import { tokenFor, TEST_SECRET } from '../../support/centrifuge-clients';
import { RawConnection } from '../../support/raw-centrifugal-connection';
import { RunningService, startService } from '../../support/service-process';

jest.setTimeout(30_000);

/** Write system calls the process made so far, every thread counted (/proc/PID/io). */
function writeCalls(pid: number): number {
  return Number(/^syscw: (\d+)$/m.exec(readFileSync(`/proc/${pid}/io`, 'utf8'))![1]);
}

/**
 * A v2 publish makes two frames for a subscribed publisher, the publication and the reply; the gateway corks the
 * socket for the tick (TickCorking) so that both leave in one write. Counted as the kernel counts them, since on
 * loopback a reader cannot tell one write from two that arrived together.
 */
describe('the client protocol (v2): what a publish costs in writes', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({ AUTH_JWT_HMAC_SECRET: TEST_SECRET, LOG_LEVEL: 'warn', WS_MESSAGES_PER_SECOND: '1000', WS_MESSAGE_BURST: '1000' });
    const created = await fetch(`${service.httpUrl}/v1/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groupId: 'writes', createdBy: 'alice' }),
    });
    expect(created.status).toBe(201);
  });
  afterAll(() => service?.stop());

  it('sends a publisher its reply and its own publication in one write', async () => {
    const alice = await RawConnection.open(service);
    alice.send(JSON.stringify({ id: 1, connect: { token: tokenFor('alice') } }));
    await alice.reply(1);
    let nextId = 2;
    const writesPerPublish = async (count: number) => {
      const before = writeCalls(service.process.pid!);
      for (let n = 0; n < count; n++) {
        const id = nextId++;
        alice.send(JSON.stringify({ id, publish: { channel: 'writes', data: { text: `m${id}` } } }));
        expect(await alice.reply(id)).toEqual({ id, publish: {} });
      }
      return (writeCalls(service.process.pid!) - before) / count;
    };
    // Not subscribed: each publish is answered with its reply alone. Beside that write the process makes others
    // (the store's log, the thread pool waking the event loop), the same for every publish.
    const replyOnly = await writesPerPublish(40);
    alice.send(JSON.stringify({ id: nextId, subscribe: { channel: 'writes' } }));
    await alice.reply(nextId++);
    // Subscribed: the publication comes too, and must share the reply's write.
    const replyAndPublication = await writesPerPublish(40);
    expect(alice.replies.filter((reply) => reply.push?.pub)).toHaveLength(40);
    expect(replyAndPublication - replyOnly).toBeLessThan(0.5);
    alice.socket.close();
  });
});
