import { Global, Inject, Logger, Module, OnApplicationShutdown } from '@nestjs/common';
import { Histogram, Registry } from 'prom-client';
import { LevelDurability, LevelEventStore } from '../../infrastructure/event-store/level/level-event-store';
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
      useFactory: async ({ store }: AppConfig, registry: Registry): Promise<IndexedEventStore> => {
        if (store.kind === 'mongodb') {
          const mongo = await MongoEventStore.connect({
            url: store.url,
            database: store.database,
            serverSelectionTimeoutMs: store.timeoutMs,
            writeConcern: store.writeConcern,
          });
          return new InstrumentedEventStore(mongo, registry);
        }
        const syncs = new Histogram({
          name: 'chat_event_store_background_sync_seconds',
          help: 'Background flushes of the embedded store\'s log to disk (DURABILITY=written): a slow disk shows here, never in an append',
          buckets: [0.0005, 0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5],
          registers: [registry],
        });
        const logger = new Logger('EventStore');
        const durability: LevelDurability =
          store.durability.mode === 'synced'
            ? store.durability
            : {
                ...store.durability,
                onSync: (ms) => syncs.observe(ms / 1000),
                onSyncError: (error) => logger.warn({ msg: 'background flush of the store log failed; retried', error: String(error) }),
              };
        return new InstrumentedEventStore(await LevelEventStore.open(store.dataDir, durability), registry);
      },
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
