import { MongoClient } from 'mongodb';
import { randomUUID } from 'node:crypto';
import { EventStoreUnavailableError } from '../../../application/ports/event-store.port';
import { MongoEventStore } from '../../../infrastructure/event-store/mongo/mongo-event-store';
import { describeWithService } from '../../support/services';
import { eventStoreContract } from '../../support/event-store-contract';

describeWithService('MONGODB', 'MongoEventStore', () => {
  // A database of its own per run: the stand-in keeps everything in memory for as long as it runs.
  const database = `chat-test-${randomUUID().slice(0, 8)}`;

  eventStoreContract(
    async () => ({
      store: await MongoEventStore.connect({ url: process.env.MONGODB_URL!, database, serverSelectionTimeoutMs: 5000 }),
    }),
    async ({ store }) => store.close(),
    // The stand-in scans a collection on every insert: a real mongod takes the Level store's 20,000 in its stride.
    { largeGroupMessages: 1_000 },
  );

  it('creates on start-up the unique (stream, version) guard and the message index behind history reads', async () => {
    const client = await MongoClient.connect(process.env.MONGODB_URL!);
    try {
      const indexes = await client.db(database).collection('events').listIndexes().toArray();
      expect(indexes).toEqual(
        expect.arrayContaining([
          expect.objectContaining({ name: 'stream_version', key: { streamId: 1, version: 1 }, unique: true }),
          expect.objectContaining({
            name: 'stream_message_seq',
            key: { streamId: 1, messageSeq: 1 },
            partialFilterExpression: { messageSeq: { $exists: true } },
          }),
        ]),
      );
    } finally {
      await client.close();
    }
  });

  it('reports a server that cannot be reached as unavailable, not as a driver error', async () => {
    await expect(
      MongoEventStore.connect({ url: 'mongodb://127.0.0.1:1/?directConnection=true', database, serverSelectionTimeoutMs: 300 }),
    ).rejects.toBeInstanceOf(EventStoreUnavailableError);
  });
});
