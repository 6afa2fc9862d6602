import { randomUUID } from 'node:crypto';
import { ConcurrencyError, EventStore, RecordedEvent } from '../../application/ports/event-store.port';
import { MessageIndex } from '../../application/ports/message-index.port';

export interface StoreUnderTest {
  store: EventStore & MessageIndex;
}

/** An event before it has its place in a stream. */
type Draft = Omit<RecordedEvent, 'streamId' | 'version'>;

export interface ContractOptions {
  /** Messages in the "large group" test: as many as the store can write within the test's time. */
  readonly largeGroupMessages: number;
}

const event = (type: string, data: Record<string, unknown> = {}): Draft => ({
  eventId: randomUUID(),
  type,
  schemaVersion: 1,
  data,
  recordedAt: '2025-03-01T10:15:30.123Z',
  metadata: { correlationId: 'corr-1' },
});
const message = (seq: number) => event('MessagePosted', { seq, text: `message ${seq}` });
/** The drafts as `streamId`'s next events after `expectedVersion`, as an appender numbers them. */
const numbered = (streamId: string, expectedVersion: number, drafts: readonly Draft[]): RecordedEvent[] =>
  drafts.map((draft, index) => ({ streamId, version: expectedVersion + index + 1, ...draft }));
const seqOf = (event: RecordedEvent) => event.data.seq;

/**
 * What every EventStore promises, whatever keeps the events. `open` gives a store on fresh, empty storage shared
 * by the whole suite; every test uses streams of its own.
 */
export function eventStoreContract(
  open: () => Promise<StoreUnderTest>,
  close: (subject: StoreUnderTest) => Promise<void>,
  { largeGroupMessages }: ContractOptions,
) {
  let subject: StoreUnderTest;
  let store: EventStore & MessageIndex;
  const append = (streamId: string, expectedVersion: number, drafts: readonly Draft[], snapshot?: Parameters<EventStore['append']>[3]) =>
    store.append(streamId, expectedVersion, numbered(streamId, expectedVersion, drafts), snapshot);
  const stream = () => `stream-${randomUUID()}`;

  beforeAll(async () => {
    subject = await open();
    store = subject.store;
  });
  afterAll(() => close(subject));

  it('reads back appended events in order, numbered from 1, each exactly as it was appended', async () => {
    const id = stream();
    const first = [event('GroupCreated', { groupId: id }), event('MemberAdded', { memberId: 'bob' })];
    const third = message(1);
    expect(await append(id, 0, first)).toEqual({ version: 2 });
    expect(await append(id, 2, [third])).toEqual({ version: 3 });

    const events = await store.readStream(id);
    expect(events.map((e) => [e.version, e.type])).toEqual([
      [1, 'GroupCreated'],
      [2, 'MemberAdded'],
      [3, 'MessagePosted'],
    ]);
    expect(events).toEqual(numbered(id, 0, [...first, third]));
  });

  it('refuses events that are not numbered as the stream\'s next ones, storing nothing', async () => {
    const id = stream();
    await expect(store.append(id, 0, numbered(id, 1, [event('A')]))).rejects.toThrow(/not .*@1/);
    await expect(store.append(id, 0, numbered(`${id}-other`, 0, [event('A')]))).rejects.toThrow(/not .*@1/);
    expect(await store.readStream(id)).toEqual([]);
  });

  it('reads an unknown stream as empty', async () => {
    expect(await store.readStream(stream())).toEqual([]);
    expect(await store.readMessages(stream(), { limit: 10 })).toEqual([]);
    expect(await store.readLatestSnapshot(stream())).toBeUndefined();
  });

  it('reads the events after a version, and at most a limit of them', async () => {
    const id = stream();
    for (let version = 0; version < 5; version++) await append(id, version, [event('E', { n: version + 1 })]);
    expect((await store.readStream(id, { afterVersion: 3 })).map((e) => e.version)).toEqual([4, 5]);
    expect((await store.readStream(id, { afterVersion: 1, limit: 2 })).map((e) => e.version)).toEqual([2, 3]);
  });

  it('keeps streams apart, even when one id starts with another', async () => {
    const id = stream();
    await append(id, 0, [event('A')]);
    await append(`${id}-x`, 0, [event('B')]);
    await append(`${id}!`, 0, Array.from({ length: 40 }, (_, i) => message(i + 1)));
    expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A']);
    expect(await store.readMessages(id, { limit: 10 })).toEqual([]);
    expect(await store.readMessages(id, { beforeSeq: 5, limit: 10 })).toEqual([]);
  });

  it('refuses an append at a stale expected version and stores nothing of it', async () => {
    const id = stream();
    await append(id, 0, [event('A'), event('B')]);
    await expect(append(id, 1, [event('C')])).rejects.toBeInstanceOf(ConcurrencyError);
    await expect(append(id, 0, [event('C')])).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream(id)).map((e) => e.type)).toEqual(['A', 'B']);
  });

  it('refuses an append that claims a version the stream has not reached, so no gap can open', async () => {
    const id = stream();
    await append(id, 0, [event('A')]);
    await expect(append(id, 5, [event('B')])).rejects.toBeInstanceOf(ConcurrencyError);
    expect((await store.readStream(id)).map((e) => e.version)).toEqual([1]);
  });

  it('lets exactly one of two concurrent writers at the same expected version win', async () => {
    const id = stream();
    await append(id, 0, [event('GroupCreated')]);
    const results = await Promise.allSettled([
      append(id, 1, [event('FromWriterA')]),
      append(id, 1, [event('FromWriterB')]),
    ]);
    const won = results.filter((r) => r.status === 'fulfilled');
    const lost = results.filter((r): r is PromiseRejectedResult => r.status === 'rejected');
    expect(won).toHaveLength(1);
    expect(lost).toHaveLength(1);
    expect(lost[0].reason).toBeInstanceOf(ConcurrencyError);
    const events = await store.readStream(id);
    expect(events).toHaveLength(2);
    expect(['FromWriterA', 'FromWriterB']).toContain(events[1].type);
  });

  it('lets exactly one of many racing writers win each version', async () => {
    const id = stream();
    const writers = 8;
    const results = await Promise.allSettled(
      Array.from({ length: writers }, (_, n) => append(id, 0, [event(`Writer${n}`)])),
    );
    expect(results.filter((r) => r.status === 'fulfilled')).toHaveLength(1);
    expect(await store.readStream(id)).toHaveLength(1);
  });

  it('reads the last N messages oldest first, skipping events that are not messages', async () => {
    const id = stream();
    await append(id, 0, [event('GroupCreated')]);
    let version = 1;
    for (let seq = 1; seq <= 10; seq++) {
      await append(id, version++, [message(seq)]);
      if (seq === 5) await append(id, version++, [event('MemberAdded')]);
    }
    const last3 = await store.readMessages(id, { limit: 3 });
    expect(last3.map((e) => seqOf(e))).toEqual([8, 9, 10]);
    expect(last3.map((e) => e.data.text)).toEqual(['message 8', 'message 9', 'message 10']);
    expect((await store.readMessages(id, { limit: 100 })).map((e) => seqOf(e))).toEqual([1, 2, 3, 4, 5, 6, 7, 8, 9, 10]);
  });

  it('reads a page of messages before a sequence number', async () => {
    const id = stream();
    await append(id, 0, Array.from({ length: 20 }, (_, i) => message(i + 1)));
    expect((await store.readMessages(id, { beforeSeq: 11, limit: 4 })).map((e) => seqOf(e))).toEqual([7, 8, 9, 10]);
    expect((await store.readMessages(id, { beforeSeq: 3, limit: 4 })).map((e) => seqOf(e))).toEqual([1, 2]);
    expect(await store.readMessages(id, { beforeSeq: 1, limit: 4 })).toEqual([]);
  });

  it('pages through a chat with membership changes among its messages, from any point, each page the messages just before it', async () => {
    const id = stream();
    const total = 100;
    const drafts: Draft[] = [event('GroupCreated'), event('MemberAdded')];
    for (let seq = 1; seq <= total; seq++) {
      drafts.push(message(seq));
      if (seq % 7 === 0) drafts.push(event(seq % 2 === 0 ? 'MemberAdded' : 'MemberRemoved'));
    }
    await append(id, 0, drafts);
    const range = (from: number, to: number) => Array.from({ length: Math.max(0, to - from + 1) }, (_, i) => from + i);
    for (const limit of [1, 5, 40]) {
      expect((await store.readMessages(id, { limit })).map(seqOf)).toEqual(range(total - limit + 1, total));
      for (let beforeSeq = 1; beforeSeq <= total + 1; beforeSeq++) {
        const page = await store.readMessages(id, { beforeSeq, limit });
        expect(page.map(seqOf)).toEqual(range(Math.max(1, beforeSeq - limit), beforeSeq - 1));
      }
    }
  });

  it('keeps the latest snapshot beside the events', async () => {
    const id = stream();
    await append(id, 0, [event('A')], { version: 1, schemaVersion: 1, state: { members: ['alice'] } });
    await append(id, 1, [event('B')]);
    await append(id, 2, [event('C')], { version: 3, schemaVersion: 1, state: { members: ['alice', 'bob'] } });
    expect(await store.readLatestSnapshot(id)).toEqual({ version: 3, schemaVersion: 1, state: { members: ['alice', 'bob'] } });
  });

  it(`serves a large group (${largeGroupMessages} messages) with page reads that do not depend on its length`, async () => {
    const id = stream();
    const total = largeGroupMessages;
    const batch = total / 10;
    for (let from = 0; from < total; from += batch) {
      await append(id, from, Array.from({ length: batch }, (_, i) => message(from + i + 1)));
    }
    const last = await store.readMessages(id, { limit: 50 });
    expect(last.map((e) => seqOf(e))).toEqual(Array.from({ length: 50 }, (_, i) => total - 49 + i));
    const half = total / 2;
    const middle = await store.readMessages(id, { beforeSeq: half + 1, limit: 25 });
    expect(seqOf(middle[0])).toBe(half - 24);
    expect(seqOf(middle.at(-1)!)).toBe(half);
    expect(await store.readStream(id, { afterVersion: total - 2 })).toHaveLength(2);
  }, 120_000);

  it('answers a ping while open', async () => {
    await expect(store.ping()).resolves.toBeUndefined();
  });
}
