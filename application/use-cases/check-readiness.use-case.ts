import { EventStore } from '../ports/event-store.port';

/** Whether this instance can serve: its event store answers. Rejects with the reason when it cannot. */
export class CheckReadinessUseCase {
  constructor(private readonly store: EventStore) {}

  async execute(): Promise<void> {
    await this.store.ping();
  }
}
