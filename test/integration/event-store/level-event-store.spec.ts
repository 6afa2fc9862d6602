import { EventStoreUnavailableError } from '../../../application/ports/event-store.port';
import { LevelEventStore } from '../../../infrastructure/event-store/level/level-event-store';
import { temporaryDirectory } from '../../support/temporary-directory';
import { eventStoreContract } from '../../support/event-store-contract';

describe('LevelEventStore (embedded)', () => {
  const directory = temporaryDirectory('level-store');
  afterAll(() => directory.remove());

  eventStoreContract(
    async () => ({ store: await LevelEventStore.open(directory.path) }),
    async ({ store }) => store.close(),
    { largeGroupMessages: 20_000 },
  );

  it('reports itself unavailable once closed', async () => {
    const own = temporaryDirectory('level-store-closed');
    const store = await LevelEventStore.open(own.path);
    await store.close();
    await expect(store.ping()).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(store.readStream('any')).rejects.toBeInstanceOf(EventStoreUnavailableError);
    own.remove();
  });

  it('refuses a second process-level opener of the same directory with a clear reason', async () => {
    const own = temporaryDirectory('level-store-locked');
    const store = await LevelEventStore.open(own.path);
    await expect(LevelEventStore.open(own.path)).rejects.toThrow(/cannot open the embedded store/);
    await store.close();
    own.remove();
  });
});
