import { GroupId } from '../../domain/group/identifiers';
import { RecordedGroupEvent } from '../recorded-group-event';

/**
 * Tells whoever serves a group's clients that its events were stored: called by the command pipeline only after the
 * events are durable, so nothing a client is told about can be lost.
 */
export interface GroupEventPublisher {
  publish(events: readonly RecordedGroupEvent[]): void;
}

export type GroupEventListener = (event: RecordedGroupEvent) => void;

/** Where events of some group may have been missed: since a version of one group, or of every group. */
export type MissedEvents =
  | { readonly groupId: GroupId; readonly atLeastVersion: number }
  | { readonly allGroups: true; readonly why: string };

/**
 * What carries stored events between the instances that serve a group: in-process for one instance, the broker for
 * several. It promises little, on purpose: events come in any order across publishers, perhaps twice, perhaps not at
 * all (a broker message lost, an instance that stored and died before publishing). LiveGroupEvents makes an ordered,
 * gap-free feed of it, with the store as the source of truth.
 */
export interface GroupEventBus extends GroupEventPublisher {
  /**
   * Starts receiving a group's events; resolves, with the function that stops it, once events published from then on
   * reach `listener`.
   */
  listen(groupId: GroupId, listener: GroupEventListener): Promise<() => void>;

  /** Tells `handler` whenever events may have been missed, so that it reads them from the store. */
  onMissed(handler: (missed: MissedEvents) => void): void;
}

/** A listener's hold on one group's live events. */
export interface GroupSubscription {
  /**
   * Resolves once the listener gets every event stored after this point, in version order, each once. A membership
   * check made after it therefore misses nothing that changes its answer.
   */
  readonly ready: Promise<void>;
  unsubscribe(): void;
}

/** The receiving side, for the adapters that push events to clients: ordered, gap-free, without duplicates. */
export interface GroupEventSubscriber {
  subscribe(groupId: GroupId, listener: GroupEventListener): GroupSubscription;
}
