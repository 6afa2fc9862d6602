import { ChatSocketClient, v1 } from '../../support/chat-socket-client';
import { RunningService, startService } from '../../support/service-process';
import { seededStore, storedMessages } from '../../support/seeded-store';

const PER_SENDER = 150;
const SENDERS = ['alice', 'bob', 'carol'];
const TOTAL = PER_SENDER * SENDERS.length;

async function newMessages(client: ChatSocketClient, count: number): Promise<string[]> {
  const frames: string[] = [];
  while (frames.length < count) {
    frames.push(await client.waitFor((frame) => frame.startsWith('["NewMessage",'), `message ${frames.length + 1}`));
  }
  return frames;
}

jest.setTimeout(60_000);

describe('the WebSocket chat under concurrent senders', () => {
  let store: { path: string; remove(): void };
  let service: RunningService;

  beforeAll(async () => {
    store = await seededStore([{ groupId: 'busy', members: ['alice', 'bob', 'carol', 'dave'] }]);
    // No rate limit in the way: this is about order, not about pace.
    service = await startService({ DATA_DIR: store.path, WS_MESSAGES_PER_SECOND: '1000000', WS_MESSAGE_BURST: '1000000' });
  });

  afterAll(async () => {
    await service?.stop();
    store?.remove();
  });

  it('delivers every message to every socket in one order, the order of the stored history', async () => {
    const senders = await Promise.all(SENDERS.map((user) => ChatSocketClient.member(service.httpUrl, 'busy', user)));
    // dave only reads, on two devices.
    const readers = [
      await ChatSocketClient.member(service.httpUrl, 'busy', 'dave'),
      await ChatSocketClient.member(service.httpUrl, 'busy', 'dave'),
    ];
    const everyone = [...senders, ...readers];
    const received = everyone.map((client) => newMessages(client, TOTAL));

    // All senders at once, each as fast as its socket takes it.
    for (let i = 0; i < PER_SENDER; i++) {
      senders.forEach((sender, index) => sender.send(`${SENDERS[index]} #${i}`));
    }
    const orders = await Promise.all(received);

    for (const order of orders.slice(1)) expect(order).toEqual(orders[0]);
    const contents = orders[0].map((frame) => v1.parse(frame).fields as string[]);
    for (const sender of SENDERS) {
      const own = contents.filter(([, clientId]) => clientId === sender).map(([, , content]) => content);
      expect(own).toEqual(Array.from({ length: PER_SENDER }, (_, i) => `${sender} #${i}`));
    }
    // Timestamps are taken in sequence order, so they never go back.
    const instants = contents.map(([, , , at]) => Date.parse(at));
    expect(instants).toEqual([...instants].sort((a, b) => a - b));

    await Promise.all(everyone.map((client) => client.close()));
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    const history = await storedMessages(store.path, 'busy', TOTAL + 1);
    expect(history.map((message) => message.seq)).toEqual(Array.from({ length: TOTAL }, (_, i) => i + 1));
    expect(history.map((message) => v1.newMessage(message.groupId, message.senderId, message.text, v1.instant(message.at)))).toEqual(
      orders[0],
    );
  });
});
