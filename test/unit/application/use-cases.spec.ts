import { InvalidQueryError } from '../../../application/application.errors';
import { CommandAbandonedError } from '../../../application/group-command.handler';
import { ConcurrencyError, EventStore, EventStoreUnavailableError, RecordedEvent, Snapshot } from '../../../application/ports/event-store.port';
import { MessageIndex } from '../../../application/ports/message-index.port';
import { RecordedGroupEvent } from '../../../application/recorded-group-event';
import {
  GroupDeletedError,
  GroupNotFoundError,
  MessageTooLongError,
  NotAMemberError,
} from '../../../domain/group/group.errors';
import { GROUP_STATE_SCHEMA_VERSION } from '../../../domain/group/group.state';
import { InMemoryEventStore } from '../../../infrastructure/event-store/memory/in-memory-event-store';
import { chatApplication } from '../../support/chat-application';
import { instancesDecideOnTheStore } from '../../support/shared-store-scenarios';

/**
 * The use cases and the command pipeline under them (cache, command batching, retries after lost races), on the
 * in-memory store: held to the same contract as the real stores, and able to show what each append did.
 */
describe('use cases', () => {
  let store: InMemoryEventStore;
  let app: ReturnType<typeof chatApplication>;
  let groupNumber = 0;
  let group: string;

  beforeAll(() => {
    store = new InMemoryEventStore();
    app = chatApplication(store, { rules: { maxMessageLength: 20 }, maxPageSize: 50 });
  });
  beforeEach(async () => {
    group = `group-${++groupNumber}`;
    await app.createGroup.execute({ groupId: group, createdBy: 'alice' });
    await app.addMember.execute({ groupId: group, memberId: 'bob' });
  });

  const post = (senderId: string, text: string, clientMessageId?: string) =>
    app.postMessage.execute({ groupId: group, senderId, text, clientMessageId });

  describe('membership', () => {
    it('creates a group with its creator as first member and lists members in the order they joined', async () => {
      expect(await app.groupMembers.execute(group)).toMatchObject({ groupId: group, createdBy: 'alice', members: ['alice', 'bob'] });
    });

    it('says whether a change happened, so that a repeated one is visibly a no-op', async () => {
      expect(await app.createGroup.execute({ groupId: group, createdBy: 'alice' })).toEqual({ created: false });
      expect(await app.addMember.execute({ groupId: group, memberId: 'bob' })).toEqual({ added: false });
      expect(await app.removeMember.execute({ groupId: group, memberId: 'bob' })).toEqual({ removed: true });
      expect(await app.removeMember.execute({ groupId: group, memberId: 'bob' })).toEqual({ removed: false });
      expect((await store.readStream(group)).map((e) => e.type)).toEqual(['GroupCreated', 'MemberAdded', 'MemberRemoved']);
    });

    it('tells who of the members is online', async () => {
      await app.presence.connect(group, 'bob', 'socket-1');
      await app.presence.connect('another-group', 'alice', 'socket-2');
      expect((await app.groupMembers.execute(group)).online).toEqual(['bob']);
    });

    it('refuses to read a group that does not exist or was deleted', async () => {
      await expect(app.groupMembers.execute('nowhere')).rejects.toBeInstanceOf(GroupNotFoundError);
      await app.deleteGroup.execute({ groupId: group });
      await expect(app.groupMembers.execute(group)).rejects.toBeInstanceOf(GroupDeletedError);
    });
  });

  describe('posting', () => {
    it('stores the message with the next sequence number and returns it', async () => {
      const first = await post('alice', 'hello');
      const second = await post('bob', 'hi alice');
      expect(first).toMatchObject({ duplicate: false, message: { seq: 1, senderId: 'alice', text: 'hello', groupId: group } });
      expect(second.message.seq).toBe(2);
      expect(new Date(first.message.at).toISOString()).toBe(first.message.at);
    });

    it('tells subscribers only after the message is stored, and never about a refused one', async () => {
      const seen: RecordedGroupEvent[] = [];
      const subscription = app.events.subscribe(group, (event) => seen.push(event));
      await subscription.ready;
      await post('alice', 'stored');
      await expect(post('mallory', 'intruder')).rejects.toBeInstanceOf(NotAMemberError);
      await expect(post('alice', 'x'.repeat(21))).rejects.toBeInstanceOf(MessageTooLongError);
      subscription.unsubscribe();
      expect(seen.map((e) => e.type)).toEqual(['MessagePosted']);
      // What subscribers got is what the store keeps, field for field: one record per event.
      const [stored] = await store.readMessages(group, { limit: 1 });
      expect(seen[0]).toEqual(stored);
      expect(seen[0]).toMatchObject({ streamId: group, type: 'MessagePosted', data: { text: 'stored' } });
    });

    it('stores a resent message once and answers with the original', async () => {
      const original = await post('alice', 'once', 'client-42');
      const resent = await post('alice', 'once', 'client-42');
      expect(resent).toEqual({ duplicate: true, message: original.message });
      expect(await app.lastMessages.execute(group, 10)).toHaveLength(1);
    });

    it('runs one group’s commands one at a time: concurrent posts get gapless sequence numbers', async () => {
      const results = await Promise.all(Array.from({ length: 40 }, (_, n) => post(n % 2 ? 'alice' : 'bob', `m${n}`)));
      expect(results.map((r) => r.message.seq).sort((a, b) => a - b)).toEqual(Array.from({ length: 40 }, (_, n) => n + 1));
    });
  });

  describe('history', () => {
    beforeEach(async () => {
      for (let n = 1; n <= 12; n++) await post(n % 2 ? 'alice' : 'bob', `message ${n}`);
    });

    it('reads the last N messages oldest first', async () => {
      expect((await app.lastMessages.execute(group, 3)).map((m) => m.text)).toEqual(['message 10', 'message 11', 'message 12']);
      expect(await app.lastMessages.execute(group, 0)).toEqual([]);
    });

    it('caps what one read returns', async () => {
      for (let n = 13; n <= 60; n++) await post('alice', `message ${n}`);
      const capped = await app.lastMessages.execute(group, 1000);
      expect(capped).toHaveLength(50);
      expect(capped.at(-1)?.seq).toBe(60);
    });

    it('pages backwards with the sequence number it hands out', async () => {
      const page = await app.messagesBefore.execute(group, 13, 5);
      expect(page.messages.map((m) => m.seq)).toEqual([8, 9, 10, 11, 12]);
      const previous = await app.messagesBefore.execute(group, page.nextBeforeSeq!, 5);
      expect(previous.messages.map((m) => m.seq)).toEqual([3, 4, 5, 6, 7]);
      const first = await app.messagesBefore.execute(group, previous.nextBeforeSeq!, 5);
      expect(first.nextBeforeSeq).toBeUndefined();
      expect(first.messages.map((m) => m.seq)).toEqual([1, 2]);
    });

    it('asks the store only for messages that exist: nothing of a group without any, nothing past the newest', async () => {
      const quiet = `${group}-quiet`;
      await app.createGroup.execute({ groupId: quiet, createdBy: 'alice' });
      const reads = jest.spyOn(store, 'readMessages');
      try {
        expect(await app.lastMessages.execute(quiet, 5)).toEqual([]);
        expect(reads).not.toHaveBeenCalled();
        expect((await app.messagesBefore.execute(group, 1000, 3)).messages.map((m) => m.seq)).toEqual([10, 11, 12]);
        expect(reads).toHaveBeenCalledWith(group, { beforeSeq: 13, limit: 3 });
      } finally {
        reads.mockRestore();
      }
    });

    it('refuses nonsense counts and positions', async () => {
      await expect(app.lastMessages.execute(group, -1)).rejects.toThrow(InvalidQueryError);
      await expect(app.lastMessages.execute(group, 1.5)).rejects.toThrow('limit must be a whole number');
      await expect(app.messagesBefore.execute(group, 0, 5)).rejects.toThrow('beforeSeq must be a whole number ≥ 1');
    });

    it('has no history for an unknown group, and none left for a deleted one', async () => {
      await expect(app.lastMessages.execute('nowhere', 5)).rejects.toBeInstanceOf(GroupNotFoundError);
      await app.deleteGroup.execute({ groupId: group });
      await expect(app.lastMessages.execute(group, 5)).rejects.toBeInstanceOf(GroupDeletedError);
    });
  });
});

describe('two instances over one store (optimistic concurrency)', () => {
  let store: InMemoryEventStore;
  beforeEach(() => {
    // Shared, as several instances share MongoDB: neither instance may trust what it remembers.
    store = new InMemoryEventStore({ singleWriter: false });
  });

  it('retries a command that lost the race on fresh state, so both messages are stored in one order', async () => {
    const retries: number[] = [];
    const first = chatApplication(store);
    const second = chatApplication(store, { commands: { onConcurrencyRetry: (_, attempt) => retries.push(attempt) } });
    await first.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    // The second instance now caches version 1 ...
    await second.addMember.execute({ groupId: 'g', memberId: 'alice' });
    // ... while the first moves the group on.
    await first.postMessage.execute({ groupId: 'g', senderId: 'alice', text: 'from the first' });

    const fromSecond = await second.postMessage.execute({ groupId: 'g', senderId: 'alice', text: 'from the second' });

    expect(retries).toEqual([1]);
    expect(fromSecond.message.seq).toBe(2);
    expect((await first.lastMessages.execute('g', 10)).map((m) => m.text)).toEqual(['from the first', 'from the second']);
  });

  it('gives up after the configured attempts with the concurrency error', async () => {
    const first = chatApplication(store);
    const second = chatApplication(store, { commands: { maxAttempts: 1 } });
    await first.createGroup.execute({ groupId: 'h', createdBy: 'alice' });
    await second.addMember.execute({ groupId: 'h', memberId: 'alice' });
    await first.addMember.execute({ groupId: 'h', memberId: 'bob' });
    await expect(second.addMember.execute({ groupId: 'h', memberId: 'carol' })).rejects.toBeInstanceOf(ConcurrencyError);
    // Nothing of the refused attempt was stored, and a fresh attempt succeeds.
    await expect(second.addMember.execute({ groupId: 'h', memberId: 'carol' })).resolves.toEqual({ added: true });
    expect((await first.groupMembers.execute('h')).members).toEqual(['alice', 'bob', 'carol']);
  });

  it('given a retry callback that throws, then its command fails alone, the group goes on and shutdown drains', async () => {
    const first = chatApplication(store);
    const second = chatApplication(store, {
      commands: {
        onConcurrencyRetry: () => {
          throw new Error('metrics broke');
        },
      },
    });
    await first.createGroup.execute({ groupId: 'k', createdBy: 'alice' });
    await second.addMember.execute({ groupId: 'k', memberId: 'alice' });
    await first.addMember.execute({ groupId: 'k', memberId: 'bob' });

    // The second instance's cached state is stale: its append conflicts and the retry callback throws.
    const failing = second.addMember.execute({ groupId: 'k', memberId: 'carol' });
    const next = second.addMember.execute({ groupId: 'k', memberId: 'dave' });
    await expect(failing).rejects.toThrow('metrics broke');
    await expect(next).resolves.toEqual({ added: true });
    await second.commands.drain();
    expect((await first.groupMembers.execute('k')).members).toEqual(['alice', 'bob', 'dave']);
  });
});

describe('loading a group from its snapshot', () => {
  const store = new InMemoryEventStore();

  it('snapshots every N events and loads to the same state as a full replay', async () => {
    const app = chatApplication(store, { snapshotEvery: 10 });
    await app.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    await app.addMember.execute({ groupId: 'g', memberId: 'bob' });
    for (let n = 1; n <= 23; n++) await app.postMessage.execute({ groupId: 'g', senderId: 'bob', text: `m${n}`, clientMessageId: `c${n}` });

    const snapshot = await store.readLatestSnapshot('g');
    expect(snapshot).toMatchObject({ version: 20, schemaVersion: GROUP_STATE_SCHEMA_VERSION });

    const fromSnapshot = await app.repository.load('g');
    const replayed = await chatApplication(store, { snapshotEvery: 1_000_000 }).repository.load('g');
    expect(fromSnapshot).toEqual(replayed);
    expect(fromSnapshot).toMatchObject({ version: 25, state: { lastMessageSeq: 23, members: ['alice', 'bob'] } });
  });

  it('loads a group without a usable snapshot by replaying its events', async () => {
    const app = chatApplication(store, { snapshotEvery: 10 });
    await store.append('old', 0, [], { version: 0, schemaVersion: GROUP_STATE_SCHEMA_VERSION + 1, state: { bogus: true } });
    await app.createGroup.execute({ groupId: 'old', createdBy: 'alice' });
    expect((await app.repository.load('old')).state).toMatchObject({ status: 'active', members: ['alice'] });
  });

  it('recognises a resent message after a restart, from the snapshot and the events after it', async () => {
    const restarted = chatApplication(store, { snapshotEvery: 10 });
    const resent = await restarted.postMessage.execute({ groupId: 'g', senderId: 'bob', text: 'm23', clientMessageId: 'c23' });
    expect(resent).toMatchObject({ duplicate: true, message: { seq: 23 } });
  });
});

describe('command batching', () => {
  it("appends a burst of one group's messages in fewer durable writes, each message in order, a refused one alone", async () => {
    const store = new InMemoryEventStore();
    const app = chatApplication(store);
    await app.createGroup.execute({ groupId: 'burst', createdBy: 'alice' });
    const before = store.appends;

    const posts = Array.from({ length: 60 }, (_, n) =>
      app.postMessage.execute({ groupId: 'burst', senderId: n === 30 ? 'mallory' : 'alice', text: `m${n}` }),
    );
    const results = await Promise.allSettled(posts);

    const refused = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
    expect(refused).toHaveLength(1);
    expect(refused[0].reason).toBeInstanceOf(NotAMemberError);
    const stored = await app.lastMessages.execute('burst', 100);
    expect(stored.map((message) => message.text)).toEqual(
      Array.from({ length: 60 }, (_, n) => `m${n}`).filter((text) => text !== 'm30'),
    );
    expect(stored.map((message) => message.seq)).toEqual(stored.map((_, index) => index + 1));
    const appends = store.appends - before;
    expect(appends).toBeGreaterThanOrEqual(1);
    expect(appends).toBeLessThan(59);
  });
});

describe('two instances sharing a store', () => {
  it('decides refusals and no-ops on the store, not on what one instance remembers', async () => {
    await instancesDecideOnTheStore(new InMemoryEventStore({ singleWriter: false }));
  });

  it('trusts its cache when it is the only writer: a single store read per group, however many commands', async () => {
    const store = new InMemoryEventStore();
    let reads = 0;
    const readStream = store.readStream.bind(store);
    store.readStream = (...args) => ((reads += 1), readStream(...args));
    const app = chatApplication(store);
    await app.createGroup.execute({ groupId: 'cached', createdBy: 'alice' });
    for (let n = 0; n < 10; n++) await app.postMessage.execute({ groupId: 'cached', senderId: 'alice', text: `m${n}` });
    expect(reads).toBe(1);
  });

  it('answers reads from what it remembers when it is the only writer, and from the store once an append failed', async () => {
    const store = new StoreWithFailingAppends(new InMemoryEventStore());
    let reads = 0;
    const readStream = store.readStream;
    store.readStream = (...args) => ((reads += 1), readStream(...args));
    const app = chatApplication(store);
    await app.createGroup.execute({ groupId: 'remembered', createdBy: 'alice' });
    await app.addMember.execute({ groupId: 'remembered', memberId: 'bob' });
    await app.postMessage.execute({ groupId: 'remembered', senderId: 'bob', text: 'hi' });
    const before = reads;
    await app.connect.execute({ groupId: 'remembered', userId: 'bob', connectionId: 'bob-1' });
    expect((await app.groupMembers.execute('remembered')).members).toEqual(['alice', 'bob']);
    expect((await app.stream.position('remembered', 'bob')).offset).toBe(1);
    // The stream position's epoch is read once; the group's state not at all.
    expect(reads - before).toBe(1);
    await expect(app.connect.execute({ groupId: 'remembered', userId: 'mallory', connectionId: 'm-1' })).rejects.toThrow(/not a member/i);

    // Whether a failed append landed is unknown: the next read asks the store.
    store.failAppends = true;
    await expect(app.postMessage.execute({ groupId: 'remembered', senderId: 'bob', text: 'lost?' })).rejects.toThrow();
    const afterFailure = reads;
    await app.connect.execute({ groupId: 'remembered', userId: 'alice', connectionId: 'alice-1' });
    expect(reads).toBeGreaterThan(afterFailure);
  });
});

/** A store whose appends can be made to fail while its reads go on: the store going away under a batch of commands. */
class StoreWithFailingAppends implements EventStore, MessageIndex {
  failAppends = false;
  readonly atomicMultiEventAppends = true;
  readonly singleWriter = true;
  readonly storeId: string;
  constructor(private readonly inner: EventStore & MessageIndex) {
    this.storeId = inner.storeId;
  }
  append(streamId: string, expectedVersion: number, events: readonly RecordedEvent[], snapshot?: Snapshot) {
    if (this.failAppends) return Promise.reject(new EventStoreUnavailableError('the store went away'));
    return this.inner.append(streamId, expectedVersion, events, snapshot);
  }
  readStream: EventStore['readStream'] = (...args) => this.inner.readStream(...args);
  readLatestSnapshot: EventStore['readLatestSnapshot'] = (...args) => this.inner.readLatestSnapshot(...args);
  readMessages: MessageIndex['readMessages'] = (...args) => this.inner.readMessages(...args);
  ping = () => this.inner.ping();
  close = () => this.inner.close();
}

describe('a batch whose append fails', () => {
  it('fails its accepted commands with the store error and keeps each refused command\'s own reason', async () => {
    const store = new StoreWithFailingAppends(new InMemoryEventStore());
    try {
      const app = chatApplication(store);
      await app.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
      store.failAppends = true;
      const post = (senderId: string) => app.postMessage.execute({ groupId: 'g', senderId, text: 'hello' });
      // The first post's append is under way while the next two queue: they are decided and appended as one batch.
      const outcomes = await Promise.allSettled([post('alice'), post('mallory'), post('alice')]);
      const reasons = outcomes.map((outcome) => (outcome.status === 'rejected' ? outcome.reason.constructor.name : 'stored'));
      expect(reasons).toEqual(['EventStoreUnavailableError', 'NotAMemberError', 'EventStoreUnavailableError']);
    } finally {
      await store.close();
    }
  });
});

describe('a command retried in its group lane', () => {
  /** A retry whose every wait the test ends, saying whether to go on. */
  function controlledRetry() {
    const waits: ((again: boolean) => void)[] = [];
    const retry = {
      source: {},
      failures: [] as number[],
      again: (failures: number) => {
        retry.failures.push(failures);
        return new Promise<boolean>((resolve) => waits.push(resolve));
      },
    };
    const waited = async () => {
      while (waits.length === 0) await new Promise((resolve) => setImmediate(resolve));
      return waits.shift()!;
    };
    return { retry, waited };
  }

  it('given the store down, when it comes back, then the held update is stored first and the later ones after it, in order', async () => {
    const store = new InMemoryEventStore();
    const app = chatApplication(store);
    await app.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    const { retry, waited } = controlledRetry();
    store.down = true;
    const first = app.addMember.execute({ groupId: 'g', memberId: 'bob', source: 'directory' }, {}, retry);
    const release = await waited();
    // Queued behind the held one: it must not overtake it.
    const second = app.removeMember.execute({ groupId: 'g', memberId: 'bob', source: 'directory' }, {}, retry);
    store.down = false;
    release(true);
    await expect(first).resolves.toEqual({ added: true });
    await expect(second).resolves.toEqual({ removed: true });
    expect((await store.readStream('g')).map((event) => event.type)).toEqual(['GroupCreated', 'MemberAdded', 'MemberRemoved']);
    expect(retry.failures).toEqual([1]);
  });

  it('given its source is gone (its broker channel closed), when its turn comes, then it is given up undecided: another instance applies it', async () => {
    const store = new InMemoryEventStore();
    const app = chatApplication(store);
    await app.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    let wanted = true;
    const { retry: controlled, waited } = controlledRetry();
    const retry = { ...controlled, wanted: () => wanted };
    store.down = true;
    // It fails while the store is down, and is held for a retry; its channel closes before the store returns.
    const stale = app.addMember.execute({ groupId: 'g', memberId: 'bob', source: 'directory' }, {}, retry);
    const release = await waited();
    wanted = false;
    store.down = false;
    release(true);
    await expect(stale).rejects.toBeInstanceOf(CommandAbandonedError);
    expect((await store.readStream('g')).map((event) => event.type)).toEqual(['GroupCreated']);
    // The group goes on with commands that are wanted.
    await expect(app.addMember.execute({ groupId: 'g', memberId: 'carol' })).resolves.toEqual({ added: true });
  });

  it('given it gives up (shutdown), then the held update and the later ones of its source fail, and the group goes on', async () => {
    const store = new InMemoryEventStore();
    const app = chatApplication(store);
    await app.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    const { retry, waited } = controlledRetry();
    store.down = true;
    const held = app.addMember.execute({ groupId: 'g', memberId: 'bob' }, {}, retry);
    const release = await waited();
    const behind = app.addMember.execute({ groupId: 'g', memberId: 'carol' }, {}, retry);
    store.down = false;
    release(false);
    await expect(held).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(behind).rejects.toBeInstanceOf(EventStoreUnavailableError);
    await expect(app.postMessage.execute({ groupId: 'g', senderId: 'alice', text: 'still here' })).resolves.toMatchObject({
      message: { text: 'still here' },
    });
    expect((await app.groupMembers.execute('g')).members).toEqual(['alice']);
  });

  it('given the store down for several attempts, then the failures are counted up, and a command without a retry fails at once meanwhile', async () => {
    const store = new InMemoryEventStore();
    const app = chatApplication(store);
    await app.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    const { retry, waited } = controlledRetry();
    store.down = true;
    const held = app.addMember.execute({ groupId: 'g', memberId: 'bob', source: 'directory' }, {}, retry);
    (await waited())(true);
    const release = await waited();
    // While the lane is held, a chat message is not kept waiting: it fails as the store's failure says.
    await expect(app.postMessage.execute({ groupId: 'g', senderId: 'alice', text: 'hi' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
    store.down = false;
    release(true);
    await expect(held).resolves.toEqual({ added: true });
    expect(retry.failures).toEqual([1, 2]);
  });

  it('given no retry, then a command fails at once while the store is down', async () => {
    const store = new InMemoryEventStore();
    const app = chatApplication(store);
    await app.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    store.down = true;
    await expect(app.postMessage.execute({ groupId: 'g', senderId: 'alice', text: 'hi' })).rejects.toBeInstanceOf(
      EventStoreUnavailableError,
    );
  });
});
