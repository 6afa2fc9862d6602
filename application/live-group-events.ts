import { GroupId } from '../domain/group/identifiers';
import { readGroupEvent } from './group-event.codec';
import { GroupRepository } from './group.repository';
import { EventStore } from './ports/event-store.port';
import {
  GroupEventBus,
  GroupEventListener,
  GroupEventSubscriber,
  GroupSubscription,
  MissedEvents,
} from './ports/group-event-publisher.port';
import { RecordedGroupEvent } from './recorded-group-event';

export interface LiveGroupEventsOptions {
  /**
   * How long an event that came ahead of its predecessor waits for it before the predecessor is read from the store:
   * two instances writing one group publish through different paths, so small reorderings are normal and cheaper to
   * wait out than to read.
   */
  readonly gapGraceMs: number;
  /** Events read from the store per request while filling a gap. */
  readonly fillPageSize: number;
  /** After a failed read (the store is down), the next attempt waits this long. */
  readonly retryDelayMs: number;
  /** Events held ahead of a gap; past it the newest are let go (the fill reads them from the store anyway). */
  readonly maxEarlyEvents: number;
  /** Hears of a listener that threw, or of a read that failed and will be tried again. */
  readonly onError?: (error: unknown, context: { readonly groupId: GroupId; readonly during: 'delivery' | 'fill' }) => void;
  /** Told of every event read from the store because the bus did not bring it in time, for metrics. */
  readonly onFilled?: (groupId: GroupId, events: number) => void;
  /** Told of every event delivered, before the listeners, in version order: what keeps remembered state current. */
  readonly onDelivered?: (event: RecordedGroupEvent) => void;
}

export const DEFAULT_LIVE_GROUP_EVENTS_OPTIONS: LiveGroupEventsOptions = {
  gapGraceMs: 25,
  fillPageSize: 500,
  retryDelayMs: 1000,
  maxEarlyEvents: 10_000,
};

/**
 * Every stored event of a group, in version order and each once, to every listener of this instance: the bus brings
 * events as they are published, and the store, which holds every event, fills whatever the bus did not bring.
 *
 * - An event at or below the position reached is a duplicate and dropped; the next version is delivered at once.
 * - An event ahead of the next version is held while its predecessors are awaited, then they are read from the store.
 * - When the bus says events may have been missed (a reconnection, an instance that died, a later version announced),
 *   the store is read from the position on, so an event stored and never published is still delivered.
 * Judged by stream version only: the store's versions have no gaps, so a missing number is a missing event.
 */
export class LiveGroupEvents implements GroupEventSubscriber {
  private readonly feeds = new Map<GroupId, GroupFeed>();

  constructor(
    private readonly bus: GroupEventBus,
    repository: GroupRepository,
    store: EventStore,
    private readonly options: LiveGroupEventsOptions = DEFAULT_LIVE_GROUP_EVENTS_OPTIONS,
  ) {
    this.reader = {
      head: async (groupId) => (await repository.load(groupId)).version,
      after: async (groupId, version, limit) =>
        (await store.readStream(groupId, { afterVersion: version, limit })).map(readGroupEvent),
    };
    bus.onMissed((missed) => this.onMissed(missed));
  }

  private readonly reader: StoreReader;

  subscribe(groupId: GroupId, listener: GroupEventListener): GroupSubscription {
    let feed = this.feeds.get(groupId);
    if (!feed) {
      feed = new GroupFeed(groupId, this.bus, this.reader, this.options, () => {
        if (this.feeds.get(groupId) === feed) this.feeds.delete(groupId);
      });
      this.feeds.set(groupId, feed);
    }
    return feed.add(listener);
  }

  /** Groups with listeners on this instance. */
  groups(): GroupId[] {
    return [...this.feeds.keys()];
  }

  private onMissed(missed: MissedEvents): void {
    if ('allGroups' in missed) {
      for (const feed of this.feeds.values()) feed.fillSoon(0);
      return;
    }
    this.feeds.get(missed.groupId)?.reached(missed.atLeastVersion);
  }
}

interface StoreReader {
  head(groupId: GroupId): Promise<number>;
  after(groupId: GroupId, version: number, limit: number): Promise<RecordedGroupEvent[]>;
}

/** One group's feed on this instance: started by its first listener, stopped with its last. */
class GroupFeed {
  private readonly listeners = new Set<GroupEventListener>();
  /** The last version delivered; undefined until the start has read where the group stands. */
  private position: number | undefined;
  /** Events that came ahead of the next version, by version. */
  private readonly early = new Map<number, RecordedGroupEvent>();
  private readonly started: Promise<void>;
  private stopListening?: () => void;
  private stopped = false;
  private fillTimer?: NodeJS.Timeout;
  private filling = false;
  private fillAgain = false;

  constructor(
    private readonly groupId: GroupId,
    bus: GroupEventBus,
    private readonly reader: StoreReader,
    private readonly options: LiveGroupEventsOptions,
    private readonly onStopped: () => void,
  ) {
    this.started = this.start(bus);
    // A failed start is reported to each listener through `ready`; this keeps it from counting as unhandled.
    this.started.catch(() => undefined);
  }

  add(listener: GroupEventListener): GroupSubscription {
    this.listeners.add(listener);
    return {
      ready: this.started,
      unsubscribe: () => {
        if (!this.listeners.delete(listener) || this.listeners.size > 0) return;
        this.stop();
      },
    };
  }

  /** Listening first, then reading where the group stands: whatever is stored after that read arrives by the bus or a fill. */
  private async start(bus: GroupEventBus): Promise<void> {
    try {
      const stopListening = await bus.listen(this.groupId, (event) => this.receive(event));
      if (this.stopped) return stopListening();
      this.stopListening = stopListening;
      const head = await this.reader.head(this.groupId);
      if (this.stopped) return;
      this.position = head;
      this.deliverEarly();
    } catch (error) {
      this.stop();
      throw error;
    }
  }

  private stop(): void {
    if (this.stopped) return;
    this.stopped = true;
    clearTimeout(this.fillTimer);
    this.stopListening?.();
    this.early.clear();
    this.onStopped();
  }

  private receive(event: RecordedGroupEvent): void {
    if (this.stopped || event.streamId !== this.groupId) return;
    if (this.position !== undefined && event.version <= this.position) return;
    if (this.position !== undefined && event.version === this.position + 1) {
      this.deliver(event);
      this.deliverEarly();
      return;
    }
    if (this.early.size < this.options.maxEarlyEvents) this.early.set(event.version, event);
    if (this.position !== undefined) this.fillSoon(this.options.gapGraceMs);
  }

  /** Another instance announced the group at `version`: anything up to it not yet here is read from the store. */
  reached(version: number): void {
    if (this.position !== undefined && version > this.position) this.fillSoon(this.options.gapGraceMs);
  }

  fillSoon(delayMs: number): void {
    if (this.stopped || this.position === undefined) return;
    if (this.filling) {
      this.fillAgain = true;
      return;
    }
    if (this.fillTimer) return;
    this.fillTimer = setTimeout(() => {
      this.fillTimer = undefined;
      void this.fill();
    }, delayMs);
  }

  /** Reads from the position to the end of the stream, delivering in order what the bus has not brought. */
  private async fill(): Promise<void> {
    if (this.stopped || this.position === undefined) return;
    this.filling = true;
    let filled = 0;
    let failed = false;
    let again = false;
    try {
      for (;;) {
        const page = await this.reader.after(this.groupId, this.position, this.options.fillPageSize);
        if (this.stopped) return;
        for (const event of page) {
          if (event.version !== this.position + 1) continue;
          this.early.delete(event.version);
          this.deliver(event);
          filled++;
        }
        this.deliverEarly();
        if (page.length < this.options.fillPageSize) break;
      }
    } catch (error) {
      this.options.onError?.(error, { groupId: this.groupId, during: 'fill' });
      failed = true;
    } finally {
      this.filling = false;
      again = this.fillAgain;
      this.fillAgain = false;
    }
    if (filled > 0) this.options.onFilled?.(this.groupId, filled);
    // What arrived ahead while reading, or a failed read: another round, later.
    if (failed) this.fillSoon(this.options.retryDelayMs);
    else if (again || this.early.size > 0) this.fillSoon(this.options.gapGraceMs);
  }

  /** Delivers the held events that now follow in order, and forgets those that fell behind the position. */
  private deliverEarly(): void {
    if (this.position === undefined || this.early.size === 0) return;
    for (const version of this.early.keys()) if (version <= this.position) this.early.delete(version);
    for (let next = this.early.get(this.position + 1); next; next = this.early.get(this.position + 1)) {
      this.early.delete(next.version);
      this.deliver(next);
    }
    if (this.early.size > 0) this.fillSoon(this.options.gapGraceMs);
  }

  private deliver(event: RecordedGroupEvent): void {
    this.position = event.version;
    try {
      this.options.onDelivered?.(event);
    } catch (error) {
      this.options.onError?.(error, { groupId: this.groupId, during: 'delivery' });
    }
    for (const listener of [...this.listeners]) {
      try {
        listener(event);
      } catch (error) {
        this.options.onError?.(error, { groupId: this.groupId, during: 'delivery' });
      }
    }
  }
}
