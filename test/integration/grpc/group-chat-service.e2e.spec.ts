import { status } from '@grpc/grpc-js';
import { GroupChatServiceClient } from '../../../presentation/grpc/generated/chat/v1/GroupChatService';
import { HistoryPage__Output } from '../../../presentation/grpc/generated/chat/v1/HistoryPage';
import { PostMessageResponse__Output } from '../../../presentation/grpc/generated/chat/v1/PostMessageResponse';
import { groupChatClient, ok, unary } from '../../support/grpc-test-clients';
import { RunningService, startService } from '../../support/service-process';

// Generous, for loaded CI machines: each test starts or talks to a real service process; a guard, not an assertion.
jest.setTimeout(30_000);

const MAX_MESSAGE_LENGTH = 20;
const MAX_PAGE = 4;

describe('chat.v1.GroupChatService', () => {
  let service: RunningService;
  let client: GroupChatServiceClient;
  let groups = 0;
  /** A fresh group per test, created by alice with bob as member. */
  const newGroup = async (): Promise<string> => {
    const group_id = `group-${++groups}`;
    await ok(client, 'CreateGroup', { group_id, created_by: 'alice' });
    await ok(client, 'AddMember', { group_id, member_id: 'bob' });
    return group_id;
  };
  const refused = async (method: string, request: object) => {
    const outcome = await unary(client, method, request);
    if (outcome.ok) throw new Error(`${method} was expected to fail but answered ${JSON.stringify(outcome.response)}`);
    return { code: outcome.code, details: outcome.details };
  };

  beforeAll(async () => {
    service = await startService({ MAX_MESSAGE_LENGTH: `${MAX_MESSAGE_LENGTH}`, HISTORY_MAX_PAGE_SIZE: `${MAX_PAGE}` });
    client = groupChatClient(service.grpcPort);
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
  });

  describe('CreateGroup', () => {
    it('creates a group whose creator is its first member; again by the same creator is a no-op', async () => {
      expect(await ok(client, 'CreateGroup', { group_id: 'created', created_by: 'carol' })).toEqual({ created: true });
      expect(await ok(client, 'CreateGroup', { group_id: 'created', created_by: 'carol' })).toEqual({ created: false });
      expect(await ok(client, 'GetGroup', { group_id: 'created' })).toMatchObject({ created_by: 'carol', members: ['carol'] });
    });

    it('refuses a group id taken by another creator with ALREADY_EXISTS', async () => {
      const group_id = await newGroup();
      expect(await refused('CreateGroup', { group_id, created_by: 'mallory' })).toEqual({
        code: status.ALREADY_EXISTS,
        details: `group ${group_id} already exists, created by alice`,
      });
    });

    it('refuses a missing or malformed field with INVALID_ARGUMENT naming it', async () => {
      expect(await refused('CreateGroup', { group_id: '', created_by: 'alice' })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: 'group_id is required',
      });
      expect(await refused('CreateGroup', { group_id: 'g', created_by: '' })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: 'created_by is required',
      });
      expect(await refused('CreateGroup', { group_id: 'tab\there', created_by: 'alice' })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: 'group_id contains control characters',
      });
      expect(await refused('CreateGroup', { group_id: 'x'.repeat(300), created_by: 'alice' })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: 'group_id is longer than 256 characters',
      });
    });

    it('refuses to re-create a deleted group with FAILED_PRECONDITION', async () => {
      const group_id = await newGroup();
      await ok(client, 'DeleteGroup', { group_id });
      expect(await refused('CreateGroup', { group_id, created_by: 'alice' })).toEqual({
        code: status.FAILED_PRECONDITION,
        details: `group ${group_id} has been deleted`,
      });
    });
  });

  describe('AddMember and RemoveMember', () => {
    it('add and remove members; repeating either is a no-op', async () => {
      const group_id = await newGroup();
      expect(await ok(client, 'AddMember', { group_id, member_id: 'carol' })).toEqual({ added: true });
      expect(await ok(client, 'AddMember', { group_id, member_id: 'carol' })).toEqual({ added: false });
      expect(await ok(client, 'RemoveMember', { group_id, member_id: 'bob' })).toEqual({ removed: true });
      expect(await ok(client, 'RemoveMember', { group_id, member_id: 'bob' })).toEqual({ removed: false });
      expect(await ok(client, 'GetGroup', { group_id })).toMatchObject({ members: ['alice', 'carol'] });
    });

    it('refuse an unknown group with NOT_FOUND and a deleted one with FAILED_PRECONDITION', async () => {
      expect(await refused('AddMember', { group_id: 'no-such-group', member_id: 'bob' })).toEqual({
        code: status.NOT_FOUND,
        details: 'group no-such-group does not exist',
      });
      const group_id = await newGroup();
      await ok(client, 'DeleteGroup', { group_id });
      expect(await refused('RemoveMember', { group_id, member_id: 'bob' })).toEqual({
        code: status.FAILED_PRECONDITION,
        details: `group ${group_id} has been deleted`,
      });
    });

    it('refuse a missing member id with INVALID_ARGUMENT naming it', async () => {
      const group_id = await newGroup();
      expect(await refused('AddMember', { group_id, member_id: '' })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: 'member_id is required',
      });
      expect(await refused('RemoveMember', { group_id, member_id: '   ' })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: 'member_id is empty',
      });
    });
  });

  describe('DeleteGroup', () => {
    it('deletes a group; deleting it again is a no-op', async () => {
      const group_id = await newGroup();
      expect(await ok(client, 'DeleteGroup', { group_id })).toEqual({ deleted: true });
      expect(await ok(client, 'DeleteGroup', { group_id })).toEqual({ deleted: false });
      expect(await refused('GetGroup', { group_id })).toEqual({
        code: status.FAILED_PRECONDITION,
        details: `group ${group_id} has been deleted`,
      });
    });

    it('refuses an unknown group with NOT_FOUND', async () => {
      expect((await refused('DeleteGroup', { group_id: 'never-was' })).code).toBe(status.NOT_FOUND);
    });
  });

  describe('GetGroup', () => {
    it('tells the members in the order they joined, who is online, and the last sequence number', async () => {
      const group_id = await newGroup();
      await ok(client, 'PostMessage', { group_id, sender_id: 'bob', text: 'hi' });
      expect(await ok(client, 'GetGroup', { group_id })).toEqual({
        group_id,
        created_by: 'alice',
        members: ['alice', 'bob'],
        online: [],
        last_message_seq: 1,
      });
    });

    it('refuses an unknown group with NOT_FOUND', async () => {
      expect(await refused('GetGroup', { group_id: 'unknown' })).toEqual({
        code: status.NOT_FOUND,
        details: 'group unknown does not exist',
      });
    });
  });

  describe('PostMessage', () => {
    it('stores a member’s message with the next sequence number', async () => {
      const group_id = await newGroup();
      const first = await ok<PostMessageResponse__Output>(client, 'PostMessage', { group_id, sender_id: 'alice', text: 'one' });
      const second = await ok<PostMessageResponse__Output>(client, 'PostMessage', { group_id, sender_id: 'bob', text: 'two' });
      expect(first).toMatchObject({ duplicate: false, message: { group_id, seq: 1, sender_id: 'alice', text: 'one' } });
      expect(second.message).toMatchObject({ seq: 2, sender_id: 'bob', text: 'two' });
      expect(second.message!.sent_at!.seconds).toBeGreaterThan(1_700_000_000);
    });

    it('stores a message resent with the same client_message_id once, and says it was a duplicate', async () => {
      const group_id = await newGroup();
      const request = { group_id, sender_id: 'bob', text: 'once', client_message_id: 'm-1' };
      const first = await ok<PostMessageResponse__Output>(client, 'PostMessage', request);
      const again = await ok<PostMessageResponse__Output>(client, 'PostMessage', request);
      expect(again).toEqual({ ...first, duplicate: true });
      expect((await ok<HistoryPage__Output>(client, 'GetHistory', { group_id })).messages).toHaveLength(1);
    });

    it('refuses a sender who is not a member with FAILED_PRECONDITION', async () => {
      const group_id = await newGroup();
      expect(await refused('PostMessage', { group_id, sender_id: 'eve', text: 'let me in' })).toEqual({
        code: status.FAILED_PRECONDITION,
        details: `user eve is not a member of group ${group_id}`,
      });
    });

    it('refuses an empty or too long text, or a missing sender, with INVALID_ARGUMENT', async () => {
      const group_id = await newGroup();
      expect(await refused('PostMessage', { group_id, sender_id: 'bob', text: ' ' })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: 'message text is empty',
      });
      expect(await refused('PostMessage', { group_id, sender_id: 'bob', text: 'x'.repeat(MAX_MESSAGE_LENGTH + 1) })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: `message text is longer than the limit of ${MAX_MESSAGE_LENGTH} characters`,
      });
      expect(await refused('PostMessage', { group_id, sender_id: '', text: 'hi' })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: 'sender_id is required',
      });
    });

    it('refuses an unknown group with NOT_FOUND', async () => {
      expect((await refused('PostMessage', { group_id: 'void', sender_id: 'bob', text: 'hi' })).code).toBe(status.NOT_FOUND);
    });
  });

  describe('GetHistory', () => {
    it('pages back from the newest messages, oldest first in each page, capped at HISTORY_MAX_PAGE_SIZE', async () => {
      const group_id = await newGroup();
      for (let n = 1; n <= 6; n++) await ok(client, 'PostMessage', { group_id, sender_id: 'bob', text: `m${n}` });

      const texts = (page: HistoryPage__Output) => page.messages.map((message) => message.text);
      const newest = await ok<HistoryPage__Output>(client, 'GetHistory', { group_id, limit: 2 });
      expect(texts(newest)).toEqual(['m5', 'm6']);
      expect(newest.next_before_seq).toBe(5);

      const before = await ok<HistoryPage__Output>(client, 'GetHistory', { group_id, before_seq: newest.next_before_seq, limit: 3 });
      expect(texts(before)).toEqual(['m2', 'm3', 'm4']);
      expect(before.next_before_seq).toBe(2);

      const last = await ok<HistoryPage__Output>(client, 'GetHistory', { group_id, before_seq: 2, limit: 10 });
      expect(texts(last)).toEqual(['m1']);
      expect(last.next_before_seq).toBe(0);

      // No limit means a full page, and no page is larger than the cap.
      expect(texts(await ok<HistoryPage__Output>(client, 'GetHistory', { group_id }))).toEqual(['m3', 'm4', 'm5', 'm6']);
      expect(texts(await ok<HistoryPage__Output>(client, 'GetHistory', { group_id, limit: 100 }))).toHaveLength(MAX_PAGE);
    });

    it('refuses an unknown group with NOT_FOUND and a deleted one with FAILED_PRECONDITION', async () => {
      expect((await refused('GetHistory', { group_id: 'nope' })).code).toBe(status.NOT_FOUND);
      const group_id = await newGroup();
      await ok(client, 'DeleteGroup', { group_id });
      expect((await refused('GetHistory', { group_id })).code).toBe(status.FAILED_PRECONDITION);
    });

    it('refuses a missing group id with INVALID_ARGUMENT naming it', async () => {
      expect(await refused('GetHistory', { group_id: '' })).toEqual({
        code: status.INVALID_ARGUMENT,
        details: 'group_id is required',
      });
    });
  });
});
