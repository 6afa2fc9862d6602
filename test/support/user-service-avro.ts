import { Type } from 'avsc';

/**
 * position-pal's group-update records, transcribed here from the contract page (../shared/contracts/position-pal.md,
 * "AMQP") rather than imported from the service: a test that encodes with the service's own schemas would pass even
 * if those schemas drifted from the contract.
 */
const namespace = 'io.github.positionpal';
const groupId = () => ({ type: 'record', name: 'AvroGroupId', namespace, fields: [{ name: 'value', type: 'string' }] });
const user = () => ({
  type: 'record',
  name: 'AvroUser',
  namespace,
  fields: [
    {
      name: 'id',
      type: { type: 'record', name: 'AvroUserId', namespace, fields: [{ name: 'username', type: 'string' }] },
    },
    { name: 'name', type: 'string' },
    { name: 'surname', type: 'string' },
    { name: 'email', type: 'string' },
  ],
});
const record = (name: string, fields: { name: string; type: object }[]) =>
  Type.forSchema({ type: 'record', name, namespace, fields } as never);

const GROUP_CREATED = record('GroupCreatedEvent', [
  { name: 'groupId', type: groupId() },
  { name: 'createdBy', type: user() },
]);
const GROUP_DELETED = record('GroupDeletedEvent', [{ name: 'groupId', type: groupId() }]);
const MEMBER_ADDED = record('AddedMemberToGroupEvent', [
  { name: 'groupId', type: groupId() },
  { name: 'addedMember', type: user() },
]);
const MEMBER_REMOVED = record('RemovedMemberToGroupEvent', [
  { name: 'groupId', type: groupId() },
  { name: 'removedMember', type: user() },
]);

export type MessageType = 'GROUP_CREATED' | 'GROUP_DELETED' | 'MEMBER_ADDED' | 'MEMBER_REMOVED';

export interface UserServiceMessage {
  readonly messageType: MessageType;
  /** The record as JSON-friendly data, field names as in the contract. */
  readonly record: Record<string, unknown>;
  /** The Avro binary encoding, no container header, as the user service publishes it. */
  readonly avro: Buffer;
}

const avroUser = (username: string) => ({
  id: { username },
  name: `Name of ${username}`,
  surname: `Surname of ${username}`,
  email: `${username}@example.com`,
});

function message(messageType: MessageType, type: Type, record: Record<string, unknown>): UserServiceMessage {
  return { messageType, record, avro: type.toBuffer(record) };
}

/** The four messages the user service publishes, built from ids. */
export const userService = {
  groupCreated: (group: string, createdBy: string) =>
    message('GROUP_CREATED', GROUP_CREATED, { groupId: { value: group }, createdBy: avroUser(createdBy) }),
  groupDeleted: (group: string) => message('GROUP_DELETED', GROUP_DELETED, { groupId: { value: group } }),
  memberAdded: (group: string, member: string) =>
    message('MEMBER_ADDED', MEMBER_ADDED, { groupId: { value: group }, addedMember: avroUser(member) }),
  memberRemoved: (group: string, member: string) =>
    message('MEMBER_REMOVED', MEMBER_REMOVED, { groupId: { value: group }, removedMember: avroUser(member) }),
};
