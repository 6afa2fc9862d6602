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
          expect.objectContaining({ name: 'stream_data_seq', key: { streamId: 1, 'data.seq': 1 } }),
        ]),
      );
    } finally {
      await client.close();
    }
  });

  it('reads the messages of events stored in the earlier shape, which carried a messageSeq of their own', async () => {
    const client = await MongoClient.connect(process.env.MONGODB_URL!);
    try {
      const streamId = `old-shape-${Date.now()}`;
      const old = (version: number, seq: number) => ({
        eventId: `${streamId}-${version}`,
        type: 'MessagePosted',
        schemaVersion: 1,
        data: { groupId: streamId, seq, senderId: 'alice', text: `m${seq}`, at: '2026-11-01T10:00:00.000Z' },
        recordedAt: '2026-11-01T10:00:00.000Z',
        metadata: {},
        messageSeq: seq,
        streamId,
        version,
      });
      const events = client.db(database).collection('events');
      // The index the earlier version created, still there after an upgrade.
      await events.createIndex(
        { streamId: 1, messageSeq: 1 },
        { name: 'stream_message_seq', unique: true, partialFilterExpression: { messageSeq: { $exists: true } } },
      );
      await events.insertMany([old(1, 1), old(2, 2), old(3, 3)]);
      const store = await MongoEventStore.connect({ url: process.env.MONGODB_URL!, database, serverSelectionTimeoutMs: 5000 });
      try {
        // New events beside them, without a messageSeq of their own.
        const { messageSeq: _, ...fourth } = old(4, 4);
        const { messageSeq: __, ...fifth } = old(5, 5);
        await store.append(streamId, 3, [fourth, fifth]);
        expect((await store.readMessages(streamId, { beforeSeq: 3, limit: 5 })).map((event) => event.data.text)).toEqual(['m1', 'm2']);
        expect((await store.readMessages(streamId, { limit: 3 })).map((event) => event.data.text)).toEqual(['m3', 'm4', 'm5']);
        expect((await store.readStream(streamId)).map((event) => event.version)).toEqual([1, 2, 3, 4, 5]);
      } finally {
        await store.close();
      }
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
