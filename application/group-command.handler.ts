import { GroupCommand } from '../domain/group/commands/group-command';
import { GroupEvent } from '../domain/group/events/group-event';
import { GroupDecider } from '../domain/group/group.decider';
import { GroupRuleViolation } from '../domain/group/group.errors';
import { GroupState } from '../domain/group/group.state';
import { GroupId } from '../domain/group/identifiers';
import { GroupRepository, LoadedGroup } from './group.repository';
import { Clock } from './ports/clock.port';
import { ConcurrencyError, EventMetadata } from './ports/event-store.port';
import { GroupEventPublisher } from './ports/group-event-publisher.port';
import { RecordedGroupEvent } from './recorded-group-event';
import { KeyedLanes } from './support/keyed-lanes';

export interface CommandOutcome {
  /** The group after the command; unchanged when the command was a no-op. */
  readonly state: GroupState;
  /** What the command recorded: empty for a no-op (a repeated membership change, a resent message). */
  readonly recorded: readonly RecordedGroupEvent[];
}

export interface GroupCommandHandlerOptions {
  /** How many times a command is decided again on fresh state after losing a race with another writer. */
  readonly maxAttempts: number;
  /** Most commands of one group appended at once. */
  readonly maxBatch?: number;
  /** Told of every retry, for metrics. */
  readonly onConcurrencyRetry?: (groupId: GroupId, attempt: number) => void;
}

/**
 * How a command that failed for a reason that may pass (the store is down, other writers kept winning) is tried again
 * in its group's lane, so that nothing queued behind it for that group overtakes it. Without one, such a command
 * fails at once with the error, and so does every command without one that comes while the lane is held.
 */
export interface RetryInLane {
  /** Commands with the same source are held, and given up, together: the later ones must not overtake the first. */
  readonly source: object;
  /** Waits as long as the next attempt should wait, then resolves true to try again, false to give up. */
  again(failures: number, error: unknown): Promise<boolean>;
  /**
   * Whether the command is still wanted at all: false once its source is gone (the broker channel it came on closed,
   * and the broker gives it to another consumer). Asked before every attempt, so that a command another instance now
   * applies is never applied here too, late and out of order.
   */
  wanted?(): boolean;
}

/** A command given up before it was decided, because its source no longer wants it (RetryInLane.wanted). */
export class CommandAbandonedError extends Error {
  constructor() {
    super('given up before it was applied: its source is gone');
    this.name = 'CommandAbandonedError';
  }
}

interface PendingCommand {
  readonly command: GroupCommand;
  readonly metadata: EventMetadata;
  readonly retry: RetryInLane | undefined;
  readonly resolve: (outcome: CommandOutcome) => void;
  readonly reject: (error: unknown) => void;
}

/** A group's commands waiting to be decided, and the loop working through them while there are any. */
interface Mailbox {
  readonly waiting: PendingCommand[];
  /** While a command is held for a retry, the failure that holds it: commands without a retry fail with it at once. */
  heldBy: { readonly error: unknown } | undefined;
  /** Set from the first step of the loop to its last, so that a mailbox is never taken for idle while served. */
  active: boolean;
  /** The latest loop: settles when the mailbox was last emptied. */
  serving: Promise<void>;
}

/** One command's part in a batch: its events and the state after them, or why it was refused. */
type Decision =
  | { readonly pending: PendingCommand; readonly events: readonly GroupEvent[]; readonly state: GroupState }
  | { readonly pending: PendingCommand; readonly refusal: unknown };

const DEFAULT_MAX_BATCH = 256;

/**
 * The write pipeline of every group, one lane per group: remembered state, decide a batch, append, publish. One group's
 * commands run in the order they came, never two decided on the same state at once in this process; against other
 * processes, optimistic concurrency on the stream version, retrying a conflicting command on fresh state.
 *
 * Command batching: the commands that queue up for a group while its previous append is being made durable are
 * decided one after another, each on the state the previous ones left, and appended together: one append for the
 * burst, and its events published at once, so sockets get the burst in one write. A refused command fails alone.
 * Stores whose multi-event appends are not atomic get one command per append. (Across groups, the embedded store's
 * writer shares one sync among the appends that arrive together: SharedSyncWriter.)
 */
export class GroupCommandHandler {
  private readonly mailboxes = new KeyedLanes<GroupId, Mailbox>(
    () => ({ waiting: [], heldBy: undefined, active: false, serving: Promise.resolve() }),
    (mailbox) => !mailbox.active && mailbox.waiting.length === 0,
  );
  private readonly maxBatch: number;
  /** How often each held command has failed so far; only commands held for a retry are in it. */
  private readonly failures = new WeakMap<PendingCommand, number>();

  constructor(
    private readonly decider: GroupDecider,
    private readonly repository: GroupRepository,
    private readonly publisher: GroupEventPublisher,
    private readonly clock: Clock,
    private readonly options: GroupCommandHandlerOptions,
  ) {
    this.maxBatch = repository.appendsBatches ? (options.maxBatch ?? DEFAULT_MAX_BATCH) : 1;
  }

  /**
   * Keeps the state remembered of a group current with the events other instances store (the live feed hands them
   * over), so that this instance's next command on the group is decided on it instead of losing a version race and
   * being decided again. Only the next version is applied; anything else makes the remembered state stale, and it is
   * forgotten. This instance's own events come back too, at versions it already has.
   */
  observe(event: RecordedGroupEvent): void {
    const cached = this.repository.remembered(event.streamId);
    if (!cached || event.version <= cached.version) return;
    if (event.version === cached.version + 1) {
      this.repository.remember(event.streamId, { state: this.decider.evolve(cached.state, event), version: event.version });
    } else {
      this.repository.forget(event.streamId);
    }
  }

  handle(command: GroupCommand, metadata: EventMetadata = {}, retry?: RetryInLane): Promise<CommandOutcome> {
    return new Promise((resolve, reject) => {
      const groupId = command.groupId;
      const mailbox = this.mailboxes.of(groupId);
      if (mailbox.heldBy && !retry) return reject(mailbox.heldBy.error);
      mailbox.waiting.push({ command, metadata, retry, resolve, reject });
      if (!mailbox.active) mailbox.serving = this.serve(groupId, mailbox);
    });
  }

  /** Resolves once every command accepted so far has finished: called on shutdown. */
  async drain(): Promise<void> {
    // A mailbox with commands is always being served (handle starts the loop, the loop runs until it is empty).
    for (let busy = this.activeMailboxes(); busy.length > 0; busy = this.activeMailboxes()) {
      await Promise.all(busy.map((mailbox) => mailbox.serving));
    }
  }

  private activeMailboxes(): Mailbox[] {
    return this.mailboxes.busy().filter((mailbox) => mailbox.active);
  }

  /** Works through a group's mailbox, a batch at a time, until it is empty; never rejects, never leaves a command behind. */
  private async serve(groupId: GroupId, mailbox: Mailbox): Promise<void> {
    mailbox.active = true;
    try {
      while (mailbox.waiting.length > 0) {
        const batch = mailbox.waiting.splice(0, this.maxBatch);
        try {
          const failure = await this.run(groupId, batch);
          if (failure) await this.holdOrGiveUp(mailbox, failure.held, failure.error);
        } catch (error) {
          // run() settles its commands itself; this is for a bug in it (or in a callback it calls): rejecting a
          // command it already settled changes nothing.
          for (const pending of batch) pending.reject(error);
        }
      }
    } finally {
      mailbox.active = false;
    }
  }

  /**
   * Decides and records one batch, settling each of its commands, except those that asked to be retried after a failure
   * that may pass: those are returned, with the failure, unsettled.
   */
  private async run(groupId: GroupId, commands: PendingCommand[]): Promise<{ held: PendingCommand[]; error: unknown } | undefined> {
    let attempt = 1;
    let mustReload = false;
    let batch = commands;
    for (;;) {
      batch = this.withoutAbandoned(batch);
      if (batch.length === 0) return;
      const cached = mustReload ? undefined : this.repository.remembered(groupId);
      let loaded: LoadedGroup;
      try {
        loaded = cached ?? (await this.repository.load(groupId));
      } catch (error) {
        return this.failBatch(batch.map((pending) => ({ pending })), error);
      }
      let decisions: Decision[];
      try {
        decisions = this.decide(batch, loaded.state);
      } catch (error) {
        // Not a refusal but a failure of the decider itself: the batch fails, and what asked to be retried is held.
        return this.failBatch(batch.map((pending) => ({ pending })), error);
      }
      // One pass over the decisions: V8's flatMap costs several times a loop, and this runs for every message.
      let next = loaded.state;
      const events: { readonly event: GroupEvent; readonly metadata: EventMetadata }[] = [];
      for (const decision of decisions) {
        if (!('events' in decision)) continue;
        next = decision.state;
        for (const event of decision.events) events.push({ event, metadata: decision.pending.metadata });
      }
      if (events.length === 0) {
        // Only a successful append proves that remembered state was current. When other instances write to the same
        // store, a refusal or a no-op decided on it may be stale (a member added elsewhere): decide again on the store's.
        if (cached && !this.repository.onlyWriter) {
          mustReload = true;
          continue;
        }
        this.repository.remember(groupId, loaded);
        this.settle(decisions, []);
        return;
      }
      try {
        const recorded = await this.repository.append(groupId, loaded, events, next, this.clock.now().toISOString());
        this.repository.remember(groupId, { state: next, version: loaded.version + events.length });
        this.publisher.publish(recorded);
        this.settle(decisions, recorded);
        return;
      } catch (error) {
        // Whether a failed write landed is unknown, and a conflict means the remembered state is stale: reload either way.
        this.repository.forget(groupId);
        if (!(error instanceof ConcurrencyError) || attempt >= this.options.maxAttempts) {
          return this.failBatch(decisions, error);
        }
        this.options.onConcurrencyRetry?.(groupId, attempt);
        attempt++;
        mustReload = true;
      }
    }
  }

  /** Rejects the commands whose source no longer wants them (RetryInLane.wanted), and returns the others. */
  private withoutAbandoned(batch: PendingCommand[]): PendingCommand[] {
    if (!batch.some((pending) => pending.retry?.wanted?.() === false)) return batch;
    return batch.filter((pending) => {
      if (pending.retry?.wanted?.() !== false) return true;
      pending.reject(new CommandAbandonedError());
      return false;
    });
  }

  /**
   * A batch that could not be recorded: a refused command keeps its own reason, the others share the failure, except
   * those that asked to be retried, which are handed back to be held.
   */
  private failBatch(
    decisions: readonly { readonly pending: PendingCommand; readonly refusal?: unknown }[],
    error: unknown,
  ): { held: PendingCommand[]; error: unknown } | undefined {
    const held: PendingCommand[] = [];
    for (const decision of decisions) {
      if ('refusal' in decision) decision.pending.reject(decision.refusal);
      else if (decision.pending.retry) held.push(decision.pending);
      else decision.pending.reject(error);
    }
    return held.length > 0 ? { held, error } : undefined;
  }

  /**
   * Holds the group's lane while the first held command's retry waits, then puts the held commands back at the head of
   * the mailbox; or, when it gives up, fails them and every command of the same source queued behind them, which the
   * source will send again in order.
   */
  private async holdOrGiveUp(mailbox: Mailbox, held: PendingCommand[], error: unknown): Promise<void> {
    // What waits without a retry fails now, as it would have in the batch: only the sources that asked wait.
    const [retrying, failing] = partition(mailbox.waiting, (pending) => pending.retry !== undefined);
    mailbox.waiting.splice(0, mailbox.waiting.length, ...retrying);
    for (const pending of failing) pending.reject(error);
    const failures = (this.failures.get(held[0]) ?? 0) + 1;
    mailbox.heldBy = { error };
    let again: boolean;
    try {
      again = await held[0].retry!.again(failures, error);
    } finally {
      mailbox.heldBy = undefined;
    }
    if (again) {
      this.failures.set(held[0], failures);
      mailbox.waiting.unshift(...held);
      return;
    }
    const sources = new Set(held.map((pending) => pending.retry!.source));
    const [behind, others] = partition(mailbox.waiting, (pending) => sources.has(pending.retry!.source));
    mailbox.waiting.splice(0, mailbox.waiting.length, ...others);
    for (const pending of [...held, ...behind]) pending.reject(error);
  }

  /** Each command on the state the ones before it left; a refused one changes nothing for the others. */
  private decide(batch: readonly PendingCommand[], initial: GroupState): Decision[] {
    let state = initial;
    return batch.map((pending) => {
      try {
        const events = this.decider.decide(pending.command, state);
        state = events.reduce(this.decider.evolve, state);
        return { pending, events, state };
      } catch (refusal) {
        // Only the group's rules refuse a command; anything else the decider throws fails the whole batch.
        if (!(refusal instanceof GroupRuleViolation)) throw refusal;
        return { pending, refusal };
      }
    });
  }

  /** Resolves each command with its own events (in `recorded`, in batch order) or rejects it with its refusal. */
  private settle(decisions: readonly Decision[], recorded: readonly RecordedGroupEvent[]): void {
    let offset = 0;
    for (const decision of decisions) {
      if ('refusal' in decision) {
        decision.pending.reject(decision.refusal);
        continue;
      }
      const own = recorded.slice(offset, offset + decision.events.length);
      offset += decision.events.length;
      decision.pending.resolve({ state: decision.state, recorded: own });
    }
  }
}

function partition<T>(items: readonly T[], test: (item: T) => boolean): [T[], T[]] {
  const yes: T[] = [];
  const no: T[] = [];
  for (const item of items) (test(item) ? yes : no).push(item);
  return [yes, no];
}
