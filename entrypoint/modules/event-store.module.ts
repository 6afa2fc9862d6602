import { Global, Inject, Module, OnApplicationShutdown } from '@nestjs/common';
import { EventStore } from '../../application/ports/event-store.port';
import { LevelEventStore } from '../../infrastructure/event-store/level/level-event-store';
import { MongoEventStore } from '../../infrastructure/event-store/mongo/mongo-event-store';
import { AppConfig } from '../config/app-config';

export const EVENT_STORE = Symbol('EventStore');

/** MongoDB when MONGODB_URL is set, else the embedded LevelDB store under DATA_DIR. */
@Global()
@Module({
  providers: [
    {
      provide: EVENT_STORE,
      inject: [AppConfig],
      useFactory: ({ store }: AppConfig): Promise<EventStore> =>
        store.kind === 'mongodb'
          ? MongoEventStore.connect({ url: store.url, database: store.database, serverSelectionTimeoutMs: store.timeoutMs })
          : LevelEventStore.open(store.dataDir),
    },
  ],
  exports: [EVENT_STORE],
})
export class EventStoreModule implements OnApplicationShutdown {
  constructor(@Inject(EVENT_STORE) private readonly store: EventStore) {}

  /** Runs after the adapters and the command handler have stopped: nothing writes any more. */
  async onApplicationShutdown(): Promise<void> {
    await this.store.close();
  }
}
