import { RunningService, startService } from '../../support/service-process';

jest.setTimeout(60_000);

/** A resent message (the same clientMessageId from the same sender) is stored once, whatever others post meanwhile. */
describe('idempotent posts, per sender', () => {
  let service: RunningService;
  const post = async (senderId: string, text: string, clientMessageId: string) => {
    const response = await fetch(`${service.httpUrl}/v1/groups/idem/messages`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ senderId, text, clientMessageId }),
    });
    return { status: response.status, body: (await response.json()) as { message?: { seq: number }; duplicate?: boolean; message_?: string } };
  };

  beforeAll(async () => {
    service = await startService({});
    const admin = (path: string, body: unknown) =>
      fetch(`${service.httpUrl}${path}`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
    expect((await admin('/v1/groups', { groupId: 'idem', createdBy: 'alice' })).status).toBe(201);
    expect((await admin('/v1/groups/idem/members', { memberId: 'bob' })).status).toBe(201);
  });
  afterAll(() => service?.stop());

  it('recognises a resend after 300 posts by others (which once pushed it out of a window shared by all senders)', async () => {
    const first = await post('alice', 'hello', 'alice-1');
    expect(first.status).toBe(201);
    for (let n = 0; n < 300; n++) expect((await post('bob', `flood ${n}`, `bob-${n}`)).status).toBe(201);
    const again = await post('alice', 'hello', 'alice-1');
    expect(again).toMatchObject({ status: 201, body: { duplicate: true, message: { seq: first.body.message!.seq } } });
  });

  it('refuses the same id with another text with 409, storing nothing', async () => {
    expect((await post('alice', 'original', 'alice-2')).status).toBe(201);
    const conflict = await post('alice', 'something else', 'alice-2');
    expect(conflict.status).toBe(409);
    const { messages } = (await (await fetch(`${service.httpUrl}/v1/groups/idem/messages?limit=1`)).json()) as { messages: { text: string }[] };
    expect(messages.map((message) => message.text)).toEqual(['original']);
  });
});
