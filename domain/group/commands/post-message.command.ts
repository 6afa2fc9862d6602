import { GroupId, UserId } from '../identifiers';

export interface PostMessage {
  readonly type: 'PostMessage';
  readonly groupId: GroupId;
  readonly senderId: UserId;
  readonly text: string;
  readonly clientMessageId?: string;
  readonly at: Date;
}
