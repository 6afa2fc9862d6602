import { RunningService, startService } from '../../support/service-process';

// Generous, for loaded CI machines: each test starts or talks to a real service process; a guard, not an assertion.
jest.setTimeout(30_000);

const MAX_MESSAGE_LENGTH = 20;
const MAX_PAGE = 4;

describe('the HTTP admin API (/v1/groups)', () => {
  let service: RunningService;
  let groups = 0;

  async function request(method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
    const response = await fetch(`${service.httpUrl}${path}`, {
      method,
      ...(body !== undefined && {
        headers: { 'content-type': 'application/json' },
        body: typeof body === 'string' ? body : JSON.stringify(body),
      }),
    });
    const text = await response.text();
    return { status: response.status, body: text ? JSON.parse(text) : undefined };
  }

  /** A fresh group per test, created by alice with bob as member. */
  async function newGroup(): Promise<string> {
    const groupId = `group-${++groups}`;
    expect(await request('POST', '/v1/groups', { groupId, createdBy: 'alice' })).toEqual({ status: 201, body: { created: true } });
    expect(await request('POST', `/v1/groups/${groupId}/members`, { memberId: 'bob' })).toEqual({
      status: 201,
      body: { added: true },
    });
    return groupId;
  }

  beforeAll(async () => {
    service = await startService({ MAX_MESSAGE_LENGTH: `${MAX_MESSAGE_LENGTH}`, HISTORY_MAX_PAGE_SIZE: `${MAX_PAGE}` });
  });

  afterAll(async () => {
    await service?.stop();
  });

  describe('POST /v1/groups', () => {
    it('creates a group whose creator is its first member; again by the same creator is a no-op', async () => {
      expect(await request('POST', '/v1/groups', { groupId: 'made', createdBy: 'carol' })).toEqual({
        status: 201,
        body: { created: true },
      });
      expect((await request('POST', '/v1/groups', { groupId: 'made', createdBy: 'carol' })).body).toEqual({ created: false });
      expect((await request('GET', '/v1/groups/made')).body).toMatchObject({ createdBy: 'carol', members: ['carol'] });
    });

    it('refuses a body that does not fit, naming each field', async () => {
      expect(await request('POST', '/v1/groups', { groupId: '', createdBy: 42, colour: 'red' })).toEqual({
        status: 400,
        body: {
          statusCode: 400,
          error: 'Bad Request',
          message: 'property colour should not exist; groupId should not be empty; createdBy must be a string',
        },
      });
      expect((await request('POST', '/v1/groups', {})).body.message).toBe(
        'groupId should not be empty; groupId must be a string; createdBy should not be empty; createdBy must be a string',
      );
    });

    it('refuses a body that is not JSON', async () => {
      const response = await request('POST', '/v1/groups', '{"groupId": ');
      expect(response.status).toBe(400);
      expect(response.body).toMatchObject({ statusCode: 400, error: 'Bad Request' });
    });

    it('refuses an id the group rules reject, naming the field', async () => {
      expect(await request('POST', '/v1/groups', { groupId: 'x'.repeat(300), createdBy: 'alice' })).toEqual({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request', message: 'groupId is longer than 256 characters' },
      });
    });

    it('answers 409 for an id taken by another creator and 410 for a deleted group', async () => {
      const groupId = await newGroup();
      expect(await request('POST', '/v1/groups', { groupId, createdBy: 'mallory' })).toEqual({
        status: 409,
        body: { statusCode: 409, error: 'Conflict', message: `group ${groupId} already exists, created by alice` },
      });
      await request('DELETE', `/v1/groups/${groupId}`);
      expect((await request('POST', '/v1/groups', { groupId, createdBy: 'alice' })).status).toBe(410);
    });
  });

  describe('GET /v1/groups/:groupId', () => {
    it('tells the members in the order they joined, who is online, and the last sequence number', async () => {
      const groupId = await newGroup();
      await request('POST', `/v1/groups/${groupId}/messages`, { senderId: 'bob', text: 'hi' });
      expect(await request('GET', `/v1/groups/${groupId}`)).toEqual({
        status: 200,
        body: { groupId, createdBy: 'alice', members: ['alice', 'bob'], online: [], lastMessageSeq: 1 },
      });
    });

    it('answers 404 for an unknown group', async () => {
      expect(await request('GET', '/v1/groups/unknown')).toEqual({
        status: 404,
        body: { statusCode: 404, error: 'Not Found', message: 'group unknown does not exist' },
      });
    });
  });

  describe('DELETE /v1/groups/:groupId', () => {
    it('deletes a group, after which it is gone; deleting it again is a no-op', async () => {
      const groupId = await newGroup();
      expect(await request('DELETE', `/v1/groups/${groupId}`)).toEqual({ status: 200, body: { deleted: true } });
      expect(await request('DELETE', `/v1/groups/${groupId}`)).toEqual({ status: 200, body: { deleted: false } });
      expect(await request('GET', `/v1/groups/${groupId}`)).toEqual({
        status: 410,
        body: { statusCode: 410, error: 'Gone', message: `group ${groupId} has been deleted` },
      });
    });

    it('answers 404 for an unknown group', async () => {
      expect((await request('DELETE', '/v1/groups/never-was')).status).toBe(404);
    });
  });

  describe('POST /v1/groups/:groupId/members and DELETE /v1/groups/:groupId/members/:memberId', () => {
    it('add and remove members; repeating either is a no-op', async () => {
      const groupId = await newGroup();
      expect((await request('POST', `/v1/groups/${groupId}/members`, { memberId: 'bob' })).body).toEqual({ added: false });
      expect(await request('DELETE', `/v1/groups/${groupId}/members/bob`)).toEqual({ status: 200, body: { removed: true } });
      expect((await request('DELETE', `/v1/groups/${groupId}/members/bob`)).body).toEqual({ removed: false });
      expect((await request('GET', `/v1/groups/${groupId}`)).body.members).toEqual(['alice']);
    });

    it('refuse a missing member id naming the field, and an unknown group with 404', async () => {
      const groupId = await newGroup();
      expect(await request('POST', `/v1/groups/${groupId}/members`, {})).toEqual({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request', message: 'memberId should not be empty; memberId must be a string' },
      });
      expect((await request('POST', '/v1/groups/nope/members', { memberId: 'bob' })).status).toBe(404);
      expect((await request('DELETE', '/v1/groups/nope/members/bob')).status).toBe(404);
    });
  });

  describe('POST /v1/groups/:groupId/messages', () => {
    it('stores a member’s message with the next sequence number', async () => {
      const groupId = await newGroup();
      const posted = await request('POST', `/v1/groups/${groupId}/messages`, { senderId: 'bob', text: 'hello' });
      expect(posted.status).toBe(201);
      expect(posted.body).toEqual({
        duplicate: false,
        message: { groupId, seq: 1, senderId: 'bob', text: 'hello', at: expect.stringMatching(/^\d{4}-\d\d-\d\dT.*Z$/) },
      });
    });

    it('stores a message resent with the same clientMessageId once', async () => {
      const groupId = await newGroup();
      const body = { senderId: 'bob', text: 'once', clientMessageId: 'm-1' };
      const first = await request('POST', `/v1/groups/${groupId}/messages`, body);
      const again = await request('POST', `/v1/groups/${groupId}/messages`, body);
      expect(again.body).toEqual({ ...first.body, duplicate: true });
    });

    it('refuses a non-member with 403, an empty or too long text with 400, a missing sender naming the field', async () => {
      const groupId = await newGroup();
      const post = (body: object) => request('POST', `/v1/groups/${groupId}/messages`, body);
      expect(await post({ senderId: 'eve', text: 'hi' })).toEqual({
        status: 403,
        body: { statusCode: 403, error: 'Forbidden', message: `user eve is not a member of group ${groupId}` },
      });
      expect((await post({ senderId: 'bob', text: '  ' })).body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'message text is empty',
      });
      expect((await post({ senderId: 'bob', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) })).body.message).toBe(
        `message text is longer than the limit of ${MAX_MESSAGE_LENGTH} characters`,
      );
      expect((await post({ text: 'hi' })).body).toEqual({
        statusCode: 400,
        error: 'Bad Request',
        message: 'senderId should not be empty; senderId must be a string',
      });
    });
  });

  describe('GET /v1/groups/:groupId/messages', () => {
    it('pages back from the newest messages, oldest first in each page, capped at HISTORY_MAX_PAGE_SIZE', async () => {
      const groupId = await newGroup();
      for (let n = 1; n <= 6; n++) await request('POST', `/v1/groups/${groupId}/messages`, { senderId: 'bob', text: `m${n}` });
      const texts = (page: { messages: { text: string }[] }) => page.messages.map((message) => message.text);

      const newest = await request('GET', `/v1/groups/${groupId}/messages?limit=2`);
      expect(newest.status).toBe(200);
      expect(texts(newest.body)).toEqual(['m5', 'm6']);
      expect(newest.body.nextBeforeSeq).toBe(5);

      const before = await request('GET', `/v1/groups/${groupId}/messages?beforeSeq=5&limit=3`);
      expect(texts(before.body)).toEqual(['m2', 'm3', 'm4']);
      const first = await request('GET', `/v1/groups/${groupId}/messages?beforeSeq=2`);
      expect(first.body).toEqual({ messages: [expect.objectContaining({ seq: 1, text: 'm1' })] });

      expect(texts((await request('GET', `/v1/groups/${groupId}/messages?limit=100`)).body)).toHaveLength(MAX_PAGE);
    });

    it('refuses a malformed limit or beforeSeq, naming it', async () => {
      const groupId = await newGroup();
      expect(await request('GET', `/v1/groups/${groupId}/messages?limit=0`)).toEqual({
        status: 400,
        body: { statusCode: 400, error: 'Bad Request', message: 'limit must not be less than 1' },
      });
      expect((await request('GET', `/v1/groups/${groupId}/messages?beforeSeq=abc`)).body.message).toContain(
        'beforeSeq must be an integer number',
      );
      expect((await request('GET', `/v1/groups/${groupId}/messages?page=2`)).body.message).toBe(
        'property page should not exist',
      );
    });

    it('answers 404 for an unknown group and 410 for a deleted one', async () => {
      expect((await request('GET', '/v1/groups/nope/messages')).status).toBe(404);
      const groupId = await newGroup();
      await request('DELETE', `/v1/groups/${groupId}`);
      expect((await request('GET', `/v1/groups/${groupId}/messages`)).status).toBe(410);
    });
  });

  describe('the OpenAPI description', () => {
    it('is served as JSON at /docs-json, with every admin route', async () => {
      const { status, body } = await request('GET', '/docs-json');
      expect(status).toBe(200);
      expect(body.openapi).toMatch(/^3\./);
      expect(Object.keys(body.paths)).toEqual(
        expect.arrayContaining([
          '/v1/groups',
          '/v1/groups/{groupId}',
          '/v1/groups/{groupId}/members',
          '/v1/groups/{groupId}/members/{memberId}',
          '/v1/groups/{groupId}/messages',
        ]),
      );
      expect(body.components.schemas.CreateGroupRequest.required).toEqual(['groupId', 'createdBy']);
    });

    it('is browsable at /docs', async () => {
      const response = await fetch(`${service.httpUrl}/docs`);
      expect(response.status).toBe(200);
      expect(await response.text()).toContain('swagger');
    });
  });
});
