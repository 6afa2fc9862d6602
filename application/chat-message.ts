import { MessagePosted } from '../domain/group/events/message-posted.event';

/** A stored chat message as readers see it. */
export type ChatMessage = MessagePosted['data'];
