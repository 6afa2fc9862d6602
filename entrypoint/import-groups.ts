import 'reflect-metadata';
import { Module } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { readFileSync } from 'node:fs';
import { applicationCore } from './app.module';
import { Chat } from './compose-chat';
import { AppConfig } from './config/app-config';
import { InvalidEnvironmentError, validateEnvironment } from './config/environment';
import { CHAT } from './modules/chat.module';

/**
 * Tells this chat of the groups that existed before it replaced position-pal's, from an export of the user service's
 * store: `npm run import-groups -- FILE.json`, FILE holding `[{"groupId": "g1", "members": ["alice", "bob"]}, ...]`.
 *
 * Run once, after position-pal's chat service has stopped and before this service first consumes the user service's
 * queue, on the store the service will use (the same DATA_DIR or MONGODB_URL). The export is a picture of the groups
 * at one moment; every update published after the old service stopped waits in the queue and is applied after it, so
 * each member ends as the user service last said. Groups this chat knows from anything but an import are skipped,
 * never changed: an old picture must not undo a newer update (re-adding a removed member). Running the import again
 * is harmless, and finishes an import that was cut short.
 */
interface ExportedGroup {
  readonly groupId: string;
  readonly members: readonly string[];
}

/** The causation id of what the import records: how a second run tells its own groups from the others. */
const IMPORT = 'import-groups';


async function main(file: string | undefined): Promise<void> {
  if (!file) {
    process.stderr.write('usage: npm run import-groups -- FILE.json   (FILE: [{"groupId": "g1", "members": ["alice"]}])\n');
    process.exit(2);
  }
  const config = new AppConfig(validateEnvironment(process.env));
  const groups = readGroups(file);
  @Module({ imports: applicationCore(config) })
  class ImportModule {}
  const app = await NestFactory.createApplicationContext(ImportModule, { logger: ['error'], abortOnError: false });
  try {
    const chat = app.get<Chat>(CHAT);
    const skipped: string[] = [];
    let imported = 0;
    let members = 0;
    for (const { groupId, members: memberIds } of groups) {
      // An imported group holds at most its adoption and one event per member: anything longer is known otherwise.
      const history = await chat.store.readStream(groupId, { limit: memberIds.length + 2 });
      if (history.length > memberIds.length + 1 || history.some((event) => event.metadata.causationId !== IMPORT)) {
        skipped.push(groupId);
        continue;
      }
      for (const memberId of memberIds) {
        const { added } = await chat.addMember.execute({ groupId, memberId, source: 'directory' }, { causationId: IMPORT });
        if (added) members++;
      }
      imported++;
    }
    console.log(`imported ${imported} groups with ${members} members`);
    if (skipped.length > 0) console.log(`skipped ${skipped.length} groups this chat already knows: ${skipped.slice(0, 20).join(', ')}`);
  } finally {
    await app.close();
  }
}

function readGroups(file: string): ExportedGroup[] {
  let groups: unknown;
  try {
    groups = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`cannot read ${file} as JSON: ${(error as Error).message}`);
  }
  const isId = (id: unknown) => typeof id === 'string' && id.trim() !== '';
  if (!Array.isArray(groups)) throw new Error(`${file} must hold an array of {"groupId", "members"}`);
  groups.forEach((group: Partial<ExportedGroup> | null, index) => {
    if (!group || !isId(group.groupId) || !Array.isArray(group.members) || !group.members.every(isId)) {
      throw new Error(`entry ${index} of ${file} must be {"groupId": "...", "members": ["...", ...]} with non-empty ids`);
    }
  });
  return groups as ExportedGroup[];
}

main(process.argv[2]).catch((error: unknown) => {
  let message = error instanceof InvalidEnvironmentError || error instanceof Error ? error.message : String(error);
  // LevelDB's own reason (LEVEL_LOCKED: the service is running on this DATA_DIR) is in the cause.
  const cause = (error as { cause?: { code?: string; message?: string } } | undefined)?.cause;
  if (cause) message += ` (${cause.code ?? cause.message})`;
  process.stderr.write(`import-groups: ${message}\n`);
  process.exit(1);
});
