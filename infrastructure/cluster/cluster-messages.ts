import { createHash } from 'node:crypto';
import { RecordedEvent } from '../../application/ports/event-store.port';
import { GroupId, UserId } from '../../domain/group/identifiers';

/** The routing key every instance is bound to: presence, heartbeats, arrivals and departures. */
export const EVERY_INSTANCE = 'instances';

/** AMQP `type` of each message between instances. */
export const MessageType = {
  /** A group's events, as stored by one append: JSON array of recorded events. */
  events: 'chat.events',
  /** A user came online or went offline on the sending instance. */
  presence: 'chat.presence',
  /** The sending instance is alive: its store, its sockets, and what it stored since its last heartbeat. */
  heartbeat: 'chat.heartbeat',
  /** The sending instance just linked: the others answer with a heartbeat at once. */
  hello: 'chat.hello',
  /** The sending instance is stopping: forget its connections now rather than at expiry. */
  leaving: 'chat.leaving',
} as const;

/** Routing keys are at most 255 bytes; a group id may be longer in UTF-8, and is then routed by its digest. */
export function groupKey(groupId: GroupId): string {
  const key = `g.${groupId}`;
  return Buffer.byteLength(key) <= 255 ? key : `h.${createHash('sha256').update(groupId).digest('hex')}`;
}

export interface PresenceMessage {
  readonly groupId: GroupId;
  readonly userId: UserId;
  readonly online: boolean;
  /** False for a removed member going offline: nobody is told. */
  readonly announce: boolean;
  readonly at: string;
}

/** One group's sockets on an instance: each user online there, with the number of its connections. */
export interface HeartbeatGroup {
  readonly groupId: GroupId;
  readonly users: readonly (readonly [UserId, number])[];
}

export interface HeartbeatMessage {
  readonly instanceId: string;
  readonly startedAt: string;
  /** The store's own id (EventStore.storeId): instances that disagree on it would split every group. */
  readonly storeId: string;
  readonly groups: readonly HeartbeatGroup[];
  /** The last version this instance stored of each group it wrote to within one lease. */
  readonly written: readonly (readonly [GroupId, number])[];
  /** Set when it wrote to more groups than a heartbeat lists: every group may have moved. */
  readonly writtenOverflow?: boolean;
}

export function encode(message: unknown): Buffer {
  return Buffer.from(JSON.stringify(message));
}

/** What another instance sent, or undefined when it is not what its type says (a bug or a foreign publisher). */
export function decodeEvents(body: Buffer): RecordedEvent[] | undefined {
  const events = parse(body);
  if (!Array.isArray(events)) return undefined;
  for (const event of events) {
    if (!isObject(event) || typeof event.streamId !== 'string' || !Number.isSafeInteger(event.version) || typeof event.type !== 'string') {
      return undefined;
    }
  }
  return events as RecordedEvent[];
}

export function decodePresence(body: Buffer): PresenceMessage | undefined {
  const message = parse(body);
  if (!isObject(message)) return undefined;
  const { groupId, userId, online, announce, at } = message;
  if (typeof groupId !== 'string' || typeof userId !== 'string' || typeof online !== 'boolean') return undefined;
  return { groupId, userId, online, announce: announce !== false, at: typeof at === 'string' ? at : new Date().toISOString() };
}

export function decodeHeartbeat(body: Buffer): HeartbeatMessage | undefined {
  const message = parse(body);
  if (!isObject(message)) return undefined;
  const { instanceId, startedAt, storeId, groups, written } = message;
  if (typeof instanceId !== 'string' || typeof startedAt !== 'string' || typeof storeId !== 'string') return undefined;
  if (!Array.isArray(groups) || !Array.isArray(written)) return undefined;
  return message as unknown as HeartbeatMessage;
}

export function decodeInstanceId(body: Buffer): string | undefined {
  const message = parse(body);
  return isObject(message) && typeof message.instanceId === 'string' ? message.instanceId : undefined;
}

function parse(body: Buffer): unknown {
  try {
    return JSON.parse(body.toString('utf8'));
  } catch {
    return undefined;
  }
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
