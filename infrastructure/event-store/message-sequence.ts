import { RecordedEvent } from '../../application/ports/event-store.port';
import { MESSAGE_POSTED } from '../../domain/group/events/message-posted.event';

/** The sequence number the message index files an event under: a chat message's, and nothing for other events. */
export function messageSeqOf(event: RecordedEvent): number | undefined {
  return event.type === MESSAGE_POSTED ? (event.data.seq as number) : undefined;
}
