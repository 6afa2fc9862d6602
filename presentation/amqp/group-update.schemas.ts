import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { Schema, Type } from 'avsc';
import { GroupUpdateMessageType } from './group-update';

/** The schema files in `schemas/`, shared types before the records that name them (avsc resolves names in order). */
const SHARED_SCHEMAS = ['avro-group-id.avsc', 'avro-user-id.avsc', 'avro-user.avsc'];
const RECORD_SCHEMAS: Record<GroupUpdateMessageType, string> = {
  GROUP_CREATED: 'group-created-event.avsc',
  GROUP_DELETED: 'group-deleted-event.avsc',
  MEMBER_ADDED: 'added-member-to-group-event.avsc',
  MEMBER_REMOVED: 'removed-member-to-group-event.avsc',
};

// The build copies schemas/ beside the compiled module (scripts/copy-presentation-assets.js), so this path holds both
// in dist/ and when tests run the TypeScript sources.
const SCHEMA_DIRECTORY = join(__dirname, 'schemas');

/** The Avro type of the record behind each message type, parsed from the contract's schemas. */
export function loadGroupUpdateSchemas(directory = SCHEMA_DIRECTORY): Record<GroupUpdateMessageType, Type> {
  const registry = {};
  const parse = (file: string) =>
    Type.forSchema(JSON.parse(readFileSync(join(directory, file), 'utf8')) as Schema, { registry });
  SHARED_SCHEMAS.forEach(parse);
  return {
    GROUP_CREATED: parse(RECORD_SCHEMAS.GROUP_CREATED),
    GROUP_DELETED: parse(RECORD_SCHEMAS.GROUP_DELETED),
    MEMBER_ADDED: parse(RECORD_SCHEMAS.MEMBER_ADDED),
    MEMBER_REMOVED: parse(RECORD_SCHEMAS.MEMBER_REMOVED),
  };
}
