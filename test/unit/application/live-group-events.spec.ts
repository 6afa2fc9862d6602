import { LiveGroupEvents, LiveGroupEventsOptions } from '../../../application/live-group-events';
import { GroupEventBus, GroupEventListener, MissedEvents } from '../../../application/ports/group-event-publisher.port';
import { RecordedGroupEvent } from '../../../application/recorded-group-event';
import { DEFAULT_CHAT_SETTINGS, composeChat } from '../../../entrypoint/compose-chat';
import { InMemoryEventStore } from '../../../infrastructure/event-store/memory/in-memory-event-store';
import { InMemoryPresenceRegistry } from '../../../infrastructure/presence/in-memory-presence.registry';

/**
 * A bus that brings what the test tells it to, when it tells it to: events of several instances arrive late, out of
 * order, twice or never, and the feed must still give every listener each stored event once, in version order.
 */
class HandDeliveredBus implements GroupEventBus {
  readonly published: RecordedGroupEvent[] = [];
  private readonly listeners = new Map<string, Set<GroupEventListener>>();
  private readonly missedHandlers: ((missed: MissedEvents) => void)[] = [];

  publish(events: readonly RecordedGroupEvent[]): void {
    this.published.push(...events);
  }

  async listen(groupId: string, listener: GroupEventListener): Promise<() => void> {
    let listeners = this.listeners.get(groupId);
    if (!listeners) this.listeners.set(groupId, (listeners = new Set()));
    listeners.add(listener);
    return () => listeners.delete(listener);
  }

  onMissed(handler: (missed: MissedEvents) => void): void {
    this.missedHandlers.push(handler);
  }

  /** Brings the published events with these versions, in this order. */
  bring(...versions: number[]): void {
    for (const version of versions) {
      const event = this.published.find((candidate) => candidate.version === version);
      if (!event) throw new Error(`nothing was published at version ${version}`);
      for (const listener of this.listeners.get(event.streamId) ?? []) listener(event);
    }
  }

  /** Brings an event published elsewhere (another instance's bus). */
  bringFrom(other: HandDeliveredBus, version: number): void {
    const event = other.published.find((candidate) => candidate.version === version);
    if (!event) throw new Error(`nothing was published at version ${version}`);
    for (const listener of this.listeners.get(event.streamId) ?? []) listener(event);
  }

  sayMissed(missed: MissedEvents): void {
    for (const handler of this.missedHandlers) handler(missed);
  }
}

const OPTIONS: LiveGroupEventsOptions = { gapGraceMs: 20, fillPageSize: 2, retryDelayMs: 50, maxEarlyEvents: 100 };
const settle = (ms = 80) => new Promise((resolve) => setTimeout(resolve, ms));

describe('LiveGroupEvents', () => {
  let store: InMemoryEventStore;
  let bus: HandDeliveredBus;
  let app: ReturnType<typeof composeChat>;
  let live: LiveGroupEvents;
  let seen: number[];
  let stop: () => void;

  beforeEach(async () => {
    store = new InMemoryEventStore({ singleWriter: false });
    bus = new HandDeliveredBus();
    app = composeChat(store, DEFAULT_CHAT_SETTINGS, {}, {
      instanceId: 'test',
      startedAt: new Date(),
      bus,
      presence: () => new InMemoryPresenceRegistry(),
    });
    live = new LiveGroupEvents(bus, app.repository, store, OPTIONS);
    await app.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    seen = [];
    const subscription = live.subscribe('g', (event) => seen.push(event.version));
    stop = () => subscription.unsubscribe();
    await subscription.ready;
  });
  afterEach(() => stop());

  const post = (text: string) => app.postMessage.execute({ groupId: 'g', senderId: 'alice', text });

  it('given a listener that joined after the group was created, then it gets only what is stored after', async () => {
    await post('one');
    bus.bring(1, 2);
    expect(seen).toEqual([2]);
  });

  it('when events come out of order and twice, then each is delivered once, in version order', async () => {
    await post('one');
    await post('two');
    await post('three');
    bus.bring(3, 2, 3, 4, 2, 4);
    expect(seen).toEqual([2, 3, 4]);
  });

  it('when the bus loses an event, then the next one brings it from the store after a short wait', async () => {
    await post('one');
    await post('two');
    await post('three');
    bus.bring(2, 4);
    expect(seen).toEqual([2]);
    await settle();
    expect(seen).toEqual([2, 3, 4]);
    // The fill read what the bus then brings late: dropped, not delivered twice.
    bus.bring(3);
    expect(seen).toEqual([2, 3, 4]);
  });

  it('when events were stored and never published, then "missed" reads them, past one page, in order', async () => {
    for (const text of ['a', 'b', 'c', 'd', 'e']) await post(text);
    bus.sayMissed({ allGroups: true, why: 'an instance expired' });
    await settle();
    expect(seen).toEqual([2, 3, 4, 5, 6]);
  });

  it('when another instance announces a version not yet here, then what is missing is read', async () => {
    await post('one');
    bus.sayMissed({ groupId: 'g', atLeastVersion: 2 });
    await settle();
    expect(seen).toEqual([2]);
    bus.sayMissed({ groupId: 'g', atLeastVersion: 2 });
    await settle();
    expect(seen).toEqual([2]);
  });

  it('when the store is down during a fill, then it is tried again until the events are delivered', async () => {
    await post('one');
    await post('two');
    store.down = true;
    bus.bring(3);
    await settle();
    expect(seen).toEqual([]);
    store.down = false;
    await settle(150);
    expect(seen).toEqual([2, 3]);
  });

  it('given two listeners, when the first leaves, then the other goes on getting every event', async () => {
    const other: number[] = [];
    const second = live.subscribe('g', (event) => other.push(event.version));
    await second.ready;
    stop();
    stop = () => second.unsubscribe();
    await post('one');
    bus.bring(2);
    expect(other).toEqual([2]);
    expect(seen).toEqual([]);
  });

  it('given the last listener left, then a new one starts from where the group stands then', async () => {
    stop();
    await post('while nobody listened');
    seen = [];
    const again = live.subscribe('g', (event) => seen.push(event.version));
    stop = () => again.unsubscribe();
    await again.ready;
    await post('after');
    bus.bring(2, 3);
    expect(seen).toEqual([3]);
  });
});

describe('two instances on one store', () => {
  const instance = (store: InMemoryEventStore, bus: HandDeliveredBus, retries: number[]) =>
    composeChat(
      store,
      { ...DEFAULT_CHAT_SETTINGS, commands: { ...DEFAULT_CHAT_SETTINGS.commands, onConcurrencyRetry: () => retries.push(1) }, live: OPTIONS },
      {},
      { instanceId: 'x', startedAt: new Date(), bus, presence: () => new InMemoryPresenceRegistry() },
    );

  it('given a group A remembers, when B\'s event reaches A\'s feed, then A decides its next command on it: no lost race', async () => {
    const store = new InMemoryEventStore({ singleWriter: false });
    const [busA, busB] = [new HandDeliveredBus(), new HandDeliveredBus()];
    const retriesOfA: number[] = [];
    const a = instance(store, busA, retriesOfA);
    const b = instance(store, busB, []);
    await a.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    await a.addMember.execute({ groupId: 'g', memberId: 'bob' });
    const subscription = a.events.subscribe('g', () => {});
    await subscription.ready;
    await b.postMessage.execute({ groupId: 'g', senderId: 'bob', text: 'from B' });
    busA.bringFrom(busB, 3);
    await a.postMessage.execute({ groupId: 'g', senderId: 'alice', text: 'from A' });
    expect(retriesOfA).toEqual([]);
    // Without the feed, A's remembered state is stale and its next command loses the race once, then succeeds.
    await b.postMessage.execute({ groupId: 'g', senderId: 'bob', text: 'unseen by A' });
    await a.postMessage.execute({ groupId: 'g', senderId: 'alice', text: 'after a lost race' });
    expect(retriesOfA).toEqual([1]);
    expect((await store.readStream('g')).map((event) => event.version)).toEqual([1, 2, 3, 4, 5, 6]);
    subscription.unsubscribe();
  });
});
