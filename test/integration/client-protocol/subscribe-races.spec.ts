import { tokenFor, TEST_SECRET } from '../../support/centrifuge-clients';
import { RawConnection } from '../../support/raw-centrifugal-connection';
import { RunningService, startService } from '../../support/service-process';

jest.setTimeout(60_000);

/**
 * What a v2 subscribe must get right while other things happen during it: the session answers a frame's commands
 * concurrently, so an unsubscribe can overtake the subscribe it follows. (Messages stored while a subscribe is under
 * way, whose place the store may know before the live feed pushes them, are tested across instances in
 * cluster/instances.spec.ts: on the embedded store a subscribe's membership check and position come from the state the
 * write pipeline remembers, so no append completes between them.)
 */
describe('the client protocol (v2): a subscribe while other things happen', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({ AUTH_JWT_HMAC_SECRET: TEST_SECRET });
  });
  afterAll(() => service?.stop());

  const json = async (method: string, path: string, body?: object) => {
    const response = await fetch(`${service.httpUrl}${path}`, {
      method,
      headers: { 'content-type': 'application/json' },
      ...(body && { body: JSON.stringify(body) }),
    });
    return { status: response.status, body: (await response.json()) as any };
  };

  const connectedAs = async (userId: string) => {
    const connection = await RawConnection.open(service);
    connection.send(JSON.stringify({ id: 1, connect: { token: tokenFor(userId) } }));
    expect(await connection.reply(1)).toMatchObject({ connect: { client: expect.any(String) } });
    return connection;
  };

  it('leaves no one online when the unsubscribe in the same frame overtakes the subscribe it follows', async () => {
    expect((await json('POST', '/v1/groups', { groupId: 'left-early', createdBy: 'alice' })).status).toBe(201);
    expect((await json('POST', '/v1/groups/left-early/members', { memberId: 'bob' })).status).toBe(201);
    const alice = await connectedAs('alice');
    const bob = await connectedAs('bob');
    try {
      alice.send(
        [JSON.stringify({ id: 2, subscribe: { channel: 'left-early' } }), JSON.stringify({ id: 3, unsubscribe: { channel: 'left-early' } })].join(
          '\n',
        ),
      );
      expect(await alice.reply(3)).toEqual({ id: 3, unsubscribe: {} });
      // Bob's subscribe waits behind the same steps as hers (the room's start, the membership check), so once he is
      // answered, her overtaken subscribe has finished too, and must have taken back what it registered.
      bob.send(JSON.stringify({ id: 2, subscribe: { channel: 'left-early' } }));
      expect(await bob.reply(2)).toMatchObject({ subscribe: { offset: 0 } });
      expect((await json('GET', '/v1/groups/left-early')).body.online).toEqual(['bob']);
      // Still connected, and a subscribe now counts her.
      alice.send(JSON.stringify({ id: 4, subscribe: { channel: 'left-early' } }));
      expect(await alice.reply(4)).toMatchObject({ subscribe: { offset: 0 } });
      expect([...(await json('GET', '/v1/groups/left-early')).body.online].sort()).toEqual(['alice', 'bob']);
    } finally {
      alice.socket.close();
      bob.socket.close();
    }
  });
});
