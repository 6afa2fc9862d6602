import { GroupEvent } from '../../../domain/group/events/group-event';

export const AT = new Date('2025-03-01T10:15:30.123Z');
export const ISO = AT.toISOString();
export const GROUP = 'group-1';

export const created = (createdBy = 'alice'): GroupEvent => ({
  type: 'GroupCreated',
  schemaVersion: 1,
  data: { groupId: GROUP, createdBy, at: ISO },
});
export const added = (memberId: string): GroupEvent => ({
  type: 'MemberAdded',
  schemaVersion: 1,
  data: { groupId: GROUP, memberId, at: ISO },
});
export const removed = (memberId: string): GroupEvent => ({
  type: 'MemberRemoved',
  schemaVersion: 1,
  data: { groupId: GROUP, memberId, at: ISO },
});
export const deleted = (): GroupEvent => ({ type: 'GroupDeleted', schemaVersion: 1, data: { groupId: GROUP, at: ISO } });
export const posted = (seq: number, senderId: string, text: string, clientMessageId?: string): GroupEvent => ({
  type: 'MessagePosted',
  schemaVersion: 1,
  data: { groupId: GROUP, seq, senderId, text, ...(clientMessageId !== undefined && { clientMessageId }), at: ISO },
});
export const adopted = (): GroupEvent => ({ type: 'GroupAdopted', schemaVersion: 1, data: { groupId: GROUP, at: ISO } });
