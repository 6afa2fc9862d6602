import { status } from '@grpc/grpc-js';
import { GroupEvent__Output } from '../../../presentation/grpc/generated/chat/v1/GroupEvent';
import { HistoryPage__Output } from '../../../presentation/grpc/generated/chat/v1/HistoryPage';
import { groupChatClient, ok, unary } from '../../support/grpc-test-clients';
import { StreamRecorder } from '../../support/grpc-stream-recorder';
import { startService } from '../../support/service-process';

// Generous, for loaded CI machines: each test starts or talks to a real service process; a guard, not an assertion.
jest.setTimeout(30_000);

describe('the gRPC server at shutdown', () => {
  it('ends open subscriptions with UNAVAILABLE, and the service still exits cleanly', async () => {
    const service = await startService();
    const client = groupChatClient(service.grpcPort);
    await ok(client, 'CreateGroup', { group_id: 'g', created_by: 'alice' });
    const recorder = new StreamRecorder<GroupEvent__Output>(client.SubscribeGroup({ group_id: 'g' }));
    await recorder.headersReceived;

    const stopped = service.stop('SIGTERM');
    expect(await recorder.ended).toEqual({
      code: status.UNAVAILABLE,
      details: 'the server is shutting down; subscribe again to another instance or later',
    });
    expect(await stopped).toEqual({ code: 0, signal: null });
    client.close();
  });

  it('lets calls in flight finish: each is answered or refused as UNAVAILABLE, and every answered one is stored', async () => {
    const service = await startService();
    const client = groupChatClient(service.grpcPort);
    await ok(client, 'CreateGroup', { group_id: 'g', created_by: 'alice' });

    const texts = Array.from({ length: 200 }, (_, n) => `message ${n}`);
    const calls = texts.map((text) => unary(client, 'PostMessage', { group_id: 'g', sender_id: 'alice', text }));
    await calls[0]; // the server is working through them: SIGTERM now lands in the middle
    const stopped = service.stop('SIGTERM');
    const outcomes = await Promise.all(calls);
    expect(await stopped).toEqual({ code: 0, signal: null });
    client.close();

    const refusals = outcomes.flatMap((outcome) => (outcome.ok ? [] : [outcome.code]));
    expect(refusals.filter((code) => code !== status.UNAVAILABLE)).toEqual([]);
    const answered = texts.filter((_, n) => outcomes[n].ok);

    const restarted = await startService({ DATA_DIR: service.dataDir, HISTORY_MAX_PAGE_SIZE: '1000' });
    const reader = groupChatClient(restarted.grpcPort);
    const stored = (await ok<HistoryPage__Output>(reader, 'GetHistory', { group_id: 'g' })).messages.map((m) => m.text);
    reader.close();
    await restarted.stop();
    expect(stored).toEqual(expect.arrayContaining(answered));
  });
});
