import { Type } from 'avsc';
import { GroupUpdate, GroupUpdateMessageType, isGroupUpdateMessageType } from './group-update';
import { UndecodableBodyError, UnknownMessageTypeError } from './group-update.errors';
import { loadGroupUpdateSchemas } from './group-update.schemas';

/** What the codec needs of a broker message. */
export interface GroupUpdateEnvelope {
  /** The `message_type` header as the broker client handed it over: a string, a Buffer, or anything a publisher sent. */
  readonly messageType: unknown;
  readonly contentType?: string;
  readonly body: Buffer;
}

interface AvroGroupId {
  value: string;
}
interface AvroUser {
  id: { username: string };
}

/**
 * Turns a broker message into a GroupUpdate. The body is the Avro binary encoding of the record named by
 * `message_type` (position-pal's user service), or, when `content_type` is `application/json`, the same record as
 * JSON with the same field names, e.g. for MEMBER_ADDED:
 * `{"groupId":{"value":"g1"},"addedMember":{"id":{"username":"u1"},"name":"Ada","surname":"Lovelace","email":"a@b.c"}}`.
 * Throws UnknownMessageTypeError or UndecodableBodyError for a message no retry could ever apply.
 */
export class GroupUpdateCodec {
  constructor(private readonly schemas: Record<GroupUpdateMessageType, Type> = loadGroupUpdateSchemas()) {}

  decode(envelope: GroupUpdateEnvelope): GroupUpdate {
    const messageType = Buffer.isBuffer(envelope.messageType)
      ? envelope.messageType.toString('utf8')
      : envelope.messageType;
    if (!isGroupUpdateMessageType(messageType)) throw new UnknownMessageTypeError(messageType);
    const type = this.schemas[messageType];
    const record = isJson(envelope.contentType) ? fromJson(type, envelope.body) : fromAvro(type, envelope.body);
    return toGroupUpdate(messageType, record);
  }
}

function isJson(contentType: string | undefined): boolean {
  return contentType?.split(';')[0].trim().toLowerCase() === 'application/json';
}

function fromAvro(type: Type, body: Buffer): Record<string, unknown> {
  try {
    // Strict: a truncated body or bytes left over mean the publisher wrote another record than the header says.
    return type.fromBuffer(body) as Record<string, unknown>;
  } catch (error) {
    throw new UndecodableBodyError(
      `the body is not an Avro binary ${type.name ?? 'record'}: ${error instanceof Error ? error.message : error}`,
    );
  }
}

function fromJson(type: Type, body: Buffer): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(body.toString('utf8'));
  } catch (error) {
    throw new UndecodableBodyError(`the body is not JSON: ${error instanceof Error ? error.message : error}`);
  }
  const invalidPaths: string[] = [];
  const valid = type.isValid(value, { errorHook: (path: string[]) => invalidPaths.push(path.join('.') || '(root)') });
  if (!valid) {
    throw new UndecodableBodyError(
      `the JSON body is not a ${type.name ?? 'record'}: missing or wrong ${invalidPaths.join(', ')}`,
    );
  }
  return value as Record<string, unknown>;
}

function toGroupUpdate(messageType: GroupUpdateMessageType, record: Record<string, unknown>): GroupUpdate {
  const groupId = (record.groupId as AvroGroupId).value;
  const user = (field: string) => (record[field] as AvroUser).id.username;
  switch (messageType) {
    case 'GROUP_CREATED':
      return { type: messageType, groupId, createdBy: user('createdBy') };
    case 'GROUP_DELETED':
      return { type: messageType, groupId };
    case 'MEMBER_ADDED':
      return { type: messageType, groupId, memberId: user('addedMember') };
    case 'MEMBER_REMOVED':
      return { type: messageType, groupId, memberId: user('removedMember') };
  }
}
