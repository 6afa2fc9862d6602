import { GroupEvent } from '../domain/group/events/group-event';
import { GroupDecider } from '../domain/group/group.decider';
import { GROUP_STATE_SCHEMA_VERSION, GroupState } from '../domain/group/group.state';
import { GroupId } from '../domain/group/identifiers';
import { readGroupEvent, recordGroupEvent } from './group-event.codec';
import { EventMetadata, EventStore } from './ports/event-store.port';
import { IdGenerator } from './ports/id-generator.port';
import { RecordedGroupEvent } from './recorded-group-event';
import { LruCache } from './support/lru-cache';

export interface LoadedGroup {
  readonly state: GroupState;
  readonly version: number;
}

/**
 * Loads and saves groups through the event store. Loading reads the latest snapshot and replays only the events
 * after it, so its cost is bounded by the snapshot interval, never by the length of the chat.
 *
 * It also remembers the last state the write pipeline knew of each of the most recently used groups
 * (GroupCommandHandler keeps it: remember, forget), so that a command need not load its group again, nor, when this
 * process is the store's only writer, a read.
 */
export class GroupRepository {
  private readonly memory: LruCache<GroupId, LoadedGroup>;

  constructor(
    private readonly store: EventStore,
    private readonly decider: GroupDecider,
    private readonly ids: IdGenerator,
    private readonly snapshotEvery: number,
    rememberedGroups = 10_000,
  ) {
    this.memory = new LruCache(rememberedGroups);
  }

  /** Refuses a malformed or over-long id before it reaches the store, or an error message that would echo it. */
  requireIdentifier(field: string, value: string): void {
    this.decider.requireIdentifier(field, value);
  }

  async load(groupId: GroupId): Promise<LoadedGroup> {
    this.decider.requireIdentifier('groupId', groupId);
    const snapshot = await this.store.readLatestSnapshot(groupId);
    const usable = snapshot?.schemaVersion === GROUP_STATE_SCHEMA_VERSION;
    let state = usable ? (snapshot.state as GroupState) : this.decider.initialState;
    let version = usable ? snapshot.version : 0;
    for (const recorded of await this.store.readStream(groupId, { afterVersion: version })) {
      state = this.decider.evolve(state, readGroupEvent(recorded));
      version = recorded.version;
    }
    return { state, version };
  }

  /**
   * A group's state for a read that must see every acknowledged command (a connection's membership check, where a
   * stream stands): the remembered state when this process is the store's only writer, since then nothing else can
   * have moved the group on and each append is remembered before it is acknowledged; else the store's.
   */
  async current(groupId: GroupId): Promise<LoadedGroup> {
    return (this.onlyWriter ? this.memory.get(groupId) : undefined) ?? this.load(groupId);
  }

  /** The last state remembered of a group, current or not (see onlyWriter). */
  remembered(groupId: GroupId): LoadedGroup | undefined {
    return this.memory.get(groupId);
  }

  remember(groupId: GroupId, loaded: LoadedGroup): void {
    this.memory.set(groupId, loaded);
  }

  forget(groupId: GroupId): void {
    this.memory.delete(groupId);
  }

  /** Whether what this process remembers of a group is current without asking the store (EventStore.singleWriter). */
  get onlyWriter(): boolean {
    return this.store.singleWriter;
  }

  /** Whether several commands' events may be appended at once (see EventStore.atomicMultiEventAppends). */
  get appendsBatches(): boolean {
    return this.store.atomicMultiEventAppends;
  }

  /**
   * Records the events that took `loaded` to `next`, each built once: the store keeps these objects, and they are what
   * is returned for publishing. Throws ConcurrencyError when another writer was first.
   */
  async append(
    groupId: GroupId,
    loaded: LoadedGroup,
    events: readonly { readonly event: GroupEvent; readonly metadata: EventMetadata }[],
    next: GroupState,
    recordedAt: string,
  ): Promise<RecordedGroupEvent[]> {
    const recorded = events.map(({ event, metadata }, index) =>
      recordGroupEvent(event, groupId, loaded.version + index + 1, this.ids.newId(), recordedAt, metadata),
    );
    const version = loaded.version + events.length;
    const snapshotDue = Math.floor(version / this.snapshotEvery) > Math.floor(loaded.version / this.snapshotEvery);
    await this.store.append(
      groupId,
      loaded.version,
      recorded,
      snapshotDue ? { version, schemaVersion: GROUP_STATE_SCHEMA_VERSION, state: next } : undefined,
    );
    return recorded;
  }
}
