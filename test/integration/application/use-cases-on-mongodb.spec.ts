import { Registry } from 'prom-client';
import { MongoEventStore } from '../../../infrastructure/event-store/mongo/mongo-event-store';
import { InstrumentedEventStore } from '../../../infrastructure/metrics/instrumented-event-store';
import { chatApplication } from '../../support/chat-application';
import { describeWithService } from '../../support/services';
import { instancesDecideOnTheStore } from '../../support/shared-store-scenarios';

// The use cases on the in-memory store are unit tests (test/unit/application/use-cases.spec.ts); what differs on
// MongoDB, where appends of several events are not atomic and several instances share the store, is tested here.

/** How many appends a store served, read from the same instrumentation production uses. */
async function appendsOf(registry: Registry): Promise<number> {
  const metric = await registry.getSingleMetric('chat_event_store_append_seconds')!.get();
  const values = metric.values as { metricName?: string; value: number }[];
  return values.find((value) => value.metricName === 'chat_event_store_append_seconds_count')!.value;
}

describeWithService('MONGODB', 'command batching on MongoDB', () => {
  it('appends one command at a time, since a multi-event insert is not atomic there', async () => {
    const mongo = await MongoEventStore.connect({
      url: process.env.MONGODB_URL!,
      database: `chat-commit-${Date.now()}`,
      serverSelectionTimeoutMs: 5000,
    });
    try {
      const registry = new Registry();
      const app = chatApplication(new InstrumentedEventStore(mongo, registry));
      await app.createGroup.execute({ groupId: 'burst', createdBy: 'alice' });
      const before = await appendsOf(registry);
      await Promise.all(Array.from({ length: 10 }, (_, n) => app.postMessage.execute({ groupId: 'burst', senderId: 'alice', text: `m${n}` })));
      expect((await appendsOf(registry)) - before).toBe(10);
      expect((await app.lastMessages.execute('burst', 20)).map((message) => message.seq)).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
    } finally {
      await mongo.close();
    }
  });
});

describeWithService('MONGODB', 'two instances sharing MongoDB', () => {
  it('decides refusals and no-ops on the store, not on what one instance remembers', async () => {
    const mongo = await MongoEventStore.connect({
      url: process.env.MONGODB_URL!,
      database: `chat-instances-${Date.now()}`,
      serverSelectionTimeoutMs: 5000,
    });
    try {
      await instancesDecideOnTheStore(mongo);
    } finally {
      await mongo.close();
    }
  });
});

