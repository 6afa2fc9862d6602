import { GroupId, UserId } from '../identifiers';

export const MESSAGE_POSTED = 'MessagePosted';

export interface MessagePosted {
  readonly type: typeof MESSAGE_POSTED;
  readonly schemaVersion: 1;
  readonly data: {
    readonly groupId: GroupId;
    /** The group's message sequence number: 1, 2, 3... with no gaps, the order every member sees. */
    readonly seq: number;
    readonly senderId: UserId;
    readonly text: string;
    /** Set when the client named its message, so that a resent message is stored once. */
    readonly clientMessageId?: string;
    readonly at: string;
  };
}
