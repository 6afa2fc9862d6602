import { GroupChatServiceClient } from '../../../presentation/grpc/generated/chat/v1/GroupChatService';
import { PostMessageResponse__Output } from '../../../presentation/grpc/generated/chat/v1/PostMessageResponse';
import { clientFrom, GrpcClient, groupChatClient, ok } from '../../support/grpc-test-clients';
import { RunningService, startService } from '../../support/service-process';

// Generous, for loaded CI machines: each test starts or talks to a real service process; a guard, not an assertion.
jest.setTimeout(30_000);

// The gateway's view of the reply, as the contract describes it (longs as strings, enums by name).
interface ContractReply {
  status: { code: string; message: string };
  messages: { client_id: string; content: string; timestamp: { seconds: string; nanos: number } }[];
}

const CAP = 3;

describe('chatservice.ChatService/RetrieveLastMessages, through a client built only from the contract', () => {
  let service: RunningService;
  let positionPal: GrpcClient;
  let admin: GroupChatServiceClient;
  const posted: PostMessageResponse__Output[] = [];

  const retrieve = (group_id: string, number_of_messages: string) =>
    ok<ContractReply>(positionPal, 'RetrieveLastMessages', { group_id, number_of_messages });

  beforeAll(async () => {
    service = await startService({ HISTORY_MAX_PAGE_SIZE: `${CAP}` });
    positionPal = clientFrom('position-pal-contract.proto', [__dirname], 'chatservice.ChatService', service.grpcPort);
    admin = groupChatClient(service.grpcPort);
    await ok(admin, 'CreateGroup', { group_id: 'friends', created_by: 'alice' });
    await ok(admin, 'AddMember', { group_id: 'friends', member_id: 'bob' });
    for (const [sender_id, text] of [
      ['alice', 'one'],
      ['bob', 'two'],
      ['alice', 'three'],
      ['bob', 'four'],
      ['alice', 'five'],
    ]) {
      posted.push(await ok<PostMessageResponse__Output>(admin, 'PostMessage', { group_id: 'friends', sender_id, text }));
    }
  });

  afterAll(async () => {
    positionPal?.close();
    admin?.close();
    await service?.stop();
  });

  it('returns the last N messages, oldest first, with client_id, content and timestamp', async () => {
    const reply = await retrieve('friends', '2');
    expect(reply.status).toEqual({ code: 'OK', message: '' });
    expect(reply.messages).toEqual(
      posted.slice(3).map(({ message }) => ({
        client_id: message!.sender_id,
        content: message!.text,
        timestamp: { seconds: `${message!.sent_at!.seconds}`, nanos: message!.sent_at!.nanos },
      })),
    );
    expect(reply.messages.map((message) => message.content)).toEqual(['four', 'five']);
  });

  it.each([
    ['+2', ['four', 'five']],
    ['0002', ['four', 'five']],
    ['+03', ['three', 'four', 'five']],
  ])('reads %j as Integer.parseInt does', async (count, contents) => {
    const reply = await retrieve('friends', count);
    expect(reply.status.code).toBe('OK');
    expect(reply.messages.map((message) => message.content)).toEqual(contents);
  });

  it.each([['0'], ['-3'], ['-2147483648']])('answers OK with no messages for a count of %s, and says why', async (count) => {
    expect(await retrieve('friends', count)).toEqual({
      status: { code: 'OK', message: `a count of ${count} asks for no messages` },
      messages: [],
    });
  });

  it.each([
    ['a word', 'ten'],
    ['an empty string', ''],
    ['a fraction', '2.5'],
    ['a space around the digits', ' 5 '],
    ['an exponent', '1e3'],
    ['a count past int32', '2147483648'],
    ['Arabic-Indic digits', '١٢'],
  ])('answers BAD_REQUEST, naming number_of_messages and its rule, for %s', async (_, count) => {
    const reply = await retrieve('friends', count);
    expect(reply.messages).toEqual([]);
    expect(reply.status.code).toBe('BAD_REQUEST');
    expect(reply.status.message).toContain('number_of_messages must be a whole number from -2147483648 to 2147483647');
    expect(reply.status.message).toContain(JSON.stringify(count));
  });

  it('quotes only the start of a long count it refuses', async () => {
    const reply = await retrieve('friends', '7'.repeat(10_000));
    expect(reply.status.code).toBe('BAD_REQUEST');
    expect(reply.status.message).toContain(`"${'7'.repeat(32)}"… (cut at 32 characters)`);
    expect(reply.status.message.length).toBeLessThan(200);
  });

  it('answers BAD_REQUEST, naming group_id, when the group id is missing', async () => {
    const reply = await retrieve('', '5');
    expect(reply.status).toEqual({ code: 'BAD_REQUEST', message: 'group_id is required' });
  });

  it('answers OK with no messages for a group that does not exist', async () => {
    const reply = await retrieve('nobody-made-this', '5');
    expect(reply.messages).toEqual([]);
    expect(reply.status.code).toBe('OK');
  });

  it('answers OK with no messages for a deleted group', async () => {
    await ok(admin, 'CreateGroup', { group_id: 'gone', created_by: 'alice' });
    await ok(admin, 'PostMessage', { group_id: 'gone', sender_id: 'alice', text: 'bye' });
    await ok(admin, 'DeleteGroup', { group_id: 'gone' });
    const reply = await retrieve('gone', '5');
    expect(reply.messages).toEqual([]);
    expect(reply.status.code).toBe('OK');
  });

  it(`returns at most HISTORY_MAX_PAGE_SIZE (${CAP}) messages, the newest, and says so`, async () => {
    const reply = await retrieve('friends', '10');
    expect(reply.status.code).toBe('OK');
    expect(reply.status.message).toContain(`at most ${CAP}`);
    expect(reply.messages.map((message) => message.content)).toEqual(['three', 'four', 'five']);
  });

  it('caps the largest int32 count like any other', async () => {
    const reply = await retrieve('friends', '2147483647');
    expect(reply.status.code).toBe('OK');
    expect(reply.status.message).toContain(`at most ${CAP}`);
    expect(reply.messages).toHaveLength(CAP);
  });
});
