import { ChatMessage } from '../../application/chat-message';
import { GroupId, UserId } from '../../domain/group/identifiers';
import { Publication } from './protocol';

/** A stored message as the protocol's publication: `offset` is its sequence number, `info.user` its sender. */
export function toPublication(message: ChatMessage): Publication {
  return {
    data: {
      text: message.text,
      ...(message.clientMessageId !== undefined && { clientMessageId: message.clientMessageId }),
      at: message.at,
    },
    // The sender as a user: a message may come from v1, HTTP or gRPC, where no v2 client sent it.
    info: { user: message.senderId, client: '' },
    offset: message.seq,
  };
}

export function publicationPush(channel: GroupId, message: ChatMessage): string {
  return JSON.stringify({ push: { channel, pub: toPublication(message) } });
}

/** Presence is per user across every instance and protocol, so a user stands for its client too. */
export function joinPush(channel: GroupId, userId: UserId): string {
  return JSON.stringify({ push: { channel, join: { info: { user: userId, client: userId } } } });
}

export function leavePush(channel: GroupId, userId: UserId): string {
  return JSON.stringify({ push: { channel, leave: { info: { user: userId, client: userId } } } });
}

export function unsubscribePush(channel: GroupId, { code, reason }: { code: number; reason: string }): string {
  return JSON.stringify({ push: { channel, unsubscribe: { code, reason } } });
}
