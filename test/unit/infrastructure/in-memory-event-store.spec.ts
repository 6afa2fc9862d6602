import { EventStoreUnavailableError } from '../../../application/ports/event-store.port';
import { InMemoryEventStore } from '../../../infrastructure/event-store/memory/in-memory-event-store';
import { eventStoreContract } from '../../support/event-store-contract';

describe('InMemoryEventStore', () => {
  eventStoreContract(
    async () => ({ store: new InMemoryEventStore() }),
    async ({ store }) => store.close(),
    { largeGroupMessages: 20_000 },
  );

  it('reports itself unavailable while down and once closed', async () => {
    const store = new InMemoryEventStore();
    store.down = true;
    await expect(store.append('s', 0, [])).rejects.toBeInstanceOf(EventStoreUnavailableError);
    store.down = false;
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });

  it('keeps what was stored whatever a caller does to what it got back', async () => {
    const store = new InMemoryEventStore();
    const event = { streamId: 's', version: 1, eventId: 'e1', type: 'A', schemaVersion: 1, data: { list: ['x'] }, recordedAt: '2025-03-01T10:15:30.123Z', metadata: {} };
    await store.append('s', 0, [event]);
    (event.data.list as string[]).push('changed after the append');
    const [read] = await store.readStream('s');
    (read.data.list as string[]).push('changed after the read');
    expect((await store.readStream('s'))[0].data).toEqual({ list: ['x'] });
  });
});
