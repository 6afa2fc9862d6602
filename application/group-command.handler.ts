import { GroupCommand } from '../domain/group/commands/group-command';
import { GroupDecider } from '../domain/group/group.decider';
import { GroupState } from '../domain/group/group.state';
import { GroupId } from '../domain/group/identifiers';
import { GroupRepository, LoadedGroup } from './group.repository';
import { Clock } from './ports/clock.port';
import { ConcurrencyError, EventMetadata } from './ports/event-store.port';
import { GroupEventPublisher } from './ports/group-event-publisher.port';
import { RecordedGroupEvent } from './recorded-group-event';
import { KeyedSerialExecutor } from './support/keyed-serial-executor';
import { LruCache } from './support/lru-cache';

export interface CommandOutcome {
  /** The group after the command; unchanged when the command was a no-op. */
  readonly state: GroupState;
  /** What the command recorded: empty for a no-op (a repeated membership change, a resent message). */
  readonly recorded: readonly RecordedGroupEvent[];
}

export interface GroupCommandHandlerOptions {
  /** How many times a command is decided again on fresh state after losing a race with another writer. */
  readonly maxAttempts: number;
  /** How many groups keep their state in memory between commands. */
  readonly cachedGroups: number;
  /** Told of every retry, for metrics. */
  readonly onConcurrencyRetry?: (groupId: GroupId, attempt: number) => void;
}

/**
 * Runs a command against its group: one command per group at a time in this process; against other processes,
 * optimistic concurrency on the stream version, retrying a conflicting command on fresh state.
 */
export class GroupCommandHandler {
  private readonly serial = new KeyedSerialExecutor();
  private readonly cache: LruCache<GroupId, LoadedGroup>;

  constructor(
    private readonly decider: GroupDecider,
    private readonly repository: GroupRepository,
    private readonly publisher: GroupEventPublisher,
    private readonly clock: Clock,
    private readonly options: GroupCommandHandlerOptions,
  ) {
    this.cache = new LruCache(options.cachedGroups);
  }

  handle(command: GroupCommand, metadata: EventMetadata = {}): Promise<CommandOutcome> {
    return this.serial.run(command.groupId, () => this.decideAndRecord(command, metadata));
  }

  /** Resolves once every command accepted so far has finished: called on shutdown. */
  drain(): Promise<void> {
    return this.serial.drain();
  }

  private async decideAndRecord(command: GroupCommand, metadata: EventMetadata): Promise<CommandOutcome> {
    for (let attempt = 1; ; attempt++) {
      const loaded = this.cache.get(command.groupId) ?? (await this.repository.load(command.groupId));
      const events = this.decider.decide(command, loaded.state);
      if (events.length === 0) {
        this.cache.set(command.groupId, loaded);
        return { state: loaded.state, recorded: [] };
      }
      const next = events.reduce(this.decider.evolve, loaded.state);
      try {
        const recorded = await this.repository.append(
          command.groupId,
          loaded,
          events,
          next,
          this.clock.now().toISOString(),
          metadata,
        );
        this.cache.set(command.groupId, { state: next, version: loaded.version + events.length });
        this.publisher.publish(recorded);
        return { state: next, recorded };
      } catch (error) {
        // Whether a failed write landed is unknown, and a conflict means the cache is stale: reload either way.
        this.cache.delete(command.groupId);
        if (!(error instanceof ConcurrencyError) || attempt >= this.options.maxAttempts) throw error;
        this.options.onConcurrencyRetry?.(command.groupId, attempt);
      }
    }
  }
}
