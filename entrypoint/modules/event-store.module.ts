import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { Registry } from 'prom-client';
import { LevelEventStore } from '../../infrastructure/event-store/level/level-event-store';
import { MongoEventStore } from '../../infrastructure/event-store/mongo/mongo-event-store';
import { IndexedEventStore, InstrumentedEventStore } from '../../infrastructure/metrics/instrumented-event-store';
import { AppConfig } from '../config/app-config';

export const EVENT_STORE = Symbol('EventStore');

/** MongoDB when MONGODB_URL is set, else the embedded LevelDB store under DATA_DIR. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [AppConfig, Registry],
      useFactory: async ({ store }: AppConfig, registry: Registry): Promise<IndexedEventStore> =>
        new InstrumentedEventStore(
          store.kind === 'mongodb'
            ? await MongoEventStore.connect({
                url: store.url,
                database: store.database,
                serverSelectionTimeoutMs: store.timeoutMs,
              })
            : await LevelEventStore.open(store.dataDir),
          registry,
        ),
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: IndexedEventStore) {}

  /** Runs after the adapters and the command handler have stopped: nothing writes any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
