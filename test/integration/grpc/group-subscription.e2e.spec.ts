import { status } from '@grpc/grpc-js';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { WebSocket } from 'ws';
import { GroupChatServiceClient } from '../../../presentation/grpc/generated/chat/v1/GroupChatService';
import { GroupEvent__Output } from '../../../presentation/grpc/generated/chat/v1/GroupEvent';
import { groupChatClient, ok } from '../../support/grpc-test-clients';
import { StreamRecorder } from '../../support/grpc-stream-recorder';
import { RunningService, startService } from '../../support/service-process';

// Generous, for loaded CI machines: each test starts or talks to a real service process; a guard, not an assertion.
jest.setTimeout(30_000);

const isMessage = (event: GroupEvent__Output) => event.kind === 'message_posted';

/** Versions rise by one and message sequence numbers by one: nothing skipped, nothing out of order. */
function expectInStoredOrder(events: GroupEvent__Output[]): void {
  const versions = events.map((event) => event.version);
  expect(versions).toEqual(versions.map((_, index) => versions[0] + index));
  const seqs = events.filter(isMessage).map((event) => event.message_posted!.seq);
  expect(seqs).toEqual(seqs.map((_, index) => seqs[0] + index));
}

describe('chat.v1.GroupChatService/SubscribeGroup', () => {
  let service: RunningService;
  let client: GroupChatServiceClient;
  let groups = 0;
  const newGroup = async (): Promise<string> => {
    const group_id = `stream-${++groups}`;
    await ok(client, 'CreateGroup', { group_id, created_by: 'alice' });
    await ok(client, 'AddMember', { group_id, member_id: 'bob' });
    return group_id;
  };
  const subscribe = async (group_id: string) => {
    const recorder = new StreamRecorder<GroupEvent__Output>(client.SubscribeGroup({ group_id }));
    await recorder.headersReceived;
    return recorder;
  };

  beforeAll(async () => {
    service = await startService();
    client = groupChatClient(service.grpcPort);
  });

  afterAll(async () => {
    client?.close();
    await service?.stop();
  });

  it('relays the group’s new events, messages posted through gRPC included, in the order they were stored', async () => {
    const group_id = await newGroup();
    const recorder = await subscribe(group_id);

    await ok(client, 'AddMember', { group_id, member_id: 'carol' });
    const texts = Array.from({ length: 10 }, (_, n) => `message ${n + 1}`);
    const senders = ['alice', 'bob', 'carol'];
    await Promise.all(texts.map((text, n) => ok(client, 'PostMessage', { group_id, sender_id: senders[n % 3], text })));

    const events = await recorder.waitForItems(11);
    expect(events[0]).toMatchObject({ group_id, kind: 'member_added', member_added: { member_id: 'carol' } });
    expectInStoredOrder(events);
    expect(events.slice(1).map((event) => event.message_posted!.seq)).toEqual(texts.map((_, n) => n + 1));
    expect(events.slice(1).map((event) => event.message_posted!.text).sort()).toEqual([...texts].sort());
    recorder.stream.cancel();
  });

  it('ends with OK after relaying the deletion of the group', async () => {
    const group_id = await newGroup();
    const recorder = await subscribe(group_id);
    await ok(client, 'PostMessage', { group_id, sender_id: 'bob', text: 'last words' });
    await ok(client, 'DeleteGroup', { group_id });
    expect(await recorder.ended).toMatchObject({ code: status.OK });
    expect(recorder.items.map((event) => event.kind)).toEqual(['message_posted', 'group_deleted']);
  });

  it('refuses an unknown group with NOT_FOUND and a missing group id with INVALID_ARGUMENT', async () => {
    const unknown = new StreamRecorder<GroupEvent__Output>(client.SubscribeGroup({ group_id: 'nobody' }));
    expect(await unknown.ended).toEqual({ code: status.NOT_FOUND, details: 'group nobody does not exist' });
    const missing = new StreamRecorder<GroupEvent__Output>(client.SubscribeGroup({ group_id: '' }));
    expect(await missing.ended).toEqual({ code: status.INVALID_ARGUMENT, details: 'group_id is required' });
  });

  const websocketAdapterExists = existsSync(join(__dirname, '..', '..', '..', 'presentation', 'websocket'));
  (websocketAdapterExists ? it : it.skip)(
    'relays messages posted through the WebSocket and through gRPC alike, in sequence order',
    async () => {
      const group_id = await newGroup();
      const recorder = await subscribe(group_id);
      const socket = new WebSocket(`ws://127.0.0.1:${service.httpPort}/v1/messages/${group_id}?user=alice`);
      await new Promise((resolve, reject) => socket.once('open', resolve).once('error', reject));
      try {
        socket.send('from the socket 1');
        await ok(client, 'PostMessage', { group_id, sender_id: 'bob', text: 'from gRPC 1' });
        socket.send('from the socket 2');
        await ok(client, 'PostMessage', { group_id, sender_id: 'bob', text: 'from gRPC 2' });

        const messages = await recorder.waitForItems(4, isMessage);
        expectInStoredOrder(messages);
        expect(messages.map((event) => event.message_posted!.seq)).toEqual([1, 2, 3, 4]);
        const sentBy = (sender: string) =>
          messages.filter((event) => event.message_posted!.sender_id === sender).map((event) => event.message_posted!.text);
        expect(sentBy('alice')).toEqual(['from the socket 1', 'from the socket 2']);
        expect(sentBy('bob')).toEqual(['from gRPC 1', 'from gRPC 2']);
        // Her messages were stored, so her socket is registered: GetGroup tells who is online.
        expect(await ok(client, 'GetGroup', { group_id })).toMatchObject({ online: ['alice'] });
      } finally {
        socket.close();
        recorder.stream.cancel();
      }
    },
  );
});
