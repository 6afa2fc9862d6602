import { ChatMessage as StoredMessage } from '../../../../application/chat-message';
import { RecordedGroupEvent } from '../../../../application/recorded-group-event';
import { GROUP_ADOPTED } from '../../../../domain/group/events/group-adopted.event';
import { GROUP_CREATED } from '../../../../domain/group/events/group-created.event';
import { GROUP_DELETED } from '../../../../domain/group/events/group-deleted.event';
import { MEMBER_ADDED } from '../../../../domain/group/events/member-added.event';
import { MEMBER_REMOVED } from '../../../../domain/group/events/member-removed.event';
import { MESSAGE_POSTED } from '../../../../domain/group/events/message-posted.event';
import { ChatMessage } from '../../generated/chat/v1/ChatMessage';
import { GroupEvent } from '../../generated/chat/v1/GroupEvent';
import { toTimestamp } from '../../timestamp';

export function toChatMessage(message: StoredMessage): ChatMessage {
  return {
    group_id: message.groupId,
    seq: message.seq,
    sender_id: message.senderId,
    text: message.text,
    client_message_id: message.clientMessageId ?? '',
    sent_at: toTimestamp(message.at),
  };
}

export function toGroupEvent(event: RecordedGroupEvent): GroupEvent {
  const envelope = {
    group_id: event.streamId,
    version: event.version,
    event_id: event.eventId,
    at: toTimestamp(event.data.at),
  };
  switch (event.type) {
    case GROUP_CREATED:
      return { ...envelope, group_created: { created_by: event.data.createdBy } };
    case GROUP_ADOPTED:
      return { ...envelope, group_adopted: {} };
    case MEMBER_ADDED:
      return { ...envelope, member_added: { member_id: event.data.memberId } };
    case MEMBER_REMOVED:
      return { ...envelope, member_removed: { member_id: event.data.memberId } };
    case GROUP_DELETED:
      return { ...envelope, group_deleted: {} };
    case MESSAGE_POSTED:
      return { ...envelope, message_posted: toChatMessage(event.data) };
  }
}
