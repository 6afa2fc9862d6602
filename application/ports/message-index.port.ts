import { RecordedEvent } from './event-store.port';

export interface ReadMessagesOptions {
  /** Only messages with a sequence number below this one; the newest messages when absent. */
  readonly beforeSeq?: number;
  readonly limit: number;
}

/**
 * The read model behind history: a group's chat messages by their sequence number, for "the last N" and "the page
 * before S" at a cost that does not grow with the number of messages. Each store keeps it beside its events: MongoDB
 * as an index on the events themselves, LevelDB as a sparse index written in the same atomic batch (a read there also
 * walks past up to 31 newer messages and the membership changes among what it walks).
 */
export interface MessageIndex {
  /** The last `limit` messages of `groupId` before `beforeSeq` (or the newest), oldest first. */
  readMessages(groupId: string, options: ReadMessagesOptions): Promise<RecordedEvent[]>;
}
