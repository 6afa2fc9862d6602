#!/usr/bin/env node
// Tells the chat service of the groups that existed before it replaced position-pal's, and of their members:
//   npm run build && node scripts/import-groups.js FILE.json
// FILE holds [{"groupId": "g1", "members": ["alice", "bob"]}, ...], e.g. exported from the user service's own store.
// Each member becomes one MEMBER_ADDED update, encoded as the user service encodes it, and is sent straight to the
// service's queue (the default exchange, routed by the queue's name): only this service gets it, in the queue's order
// with the user service's live updates, and the service applies it as it applies those (a group it never saw created is
// adopted; a member added twice changes nothing), so the import can be run again safely. The broker and the queue come
// from the service's own settings: AMQP_URL or RABBITMQ_*, and USER_SERVICE_EVENT_QUEUE.
const { readFileSync } = require('node:fs');
const { connect } = require('amqplib');
const { AppConfig } = require('../dist/entrypoint/config/app-config');
const { validateEnvironment } = require('../dist/entrypoint/config/environment');
const { loadGroupUpdateSchemas } = require('../dist/presentation/amqp/group-update.schemas');

function fail(message) {
  process.stderr.write(`import-groups: ${message}\n`);
  process.exit(1);
}

function readGroups(file) {
  let groups;
  try {
    groups = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    fail(`cannot read ${file} as JSON: ${error.message}`);
  }
  const valid = (id) => typeof id === 'string' && id.trim() !== '';
  if (!Array.isArray(groups)) fail(`${file} must hold an array of {"groupId", "members"}`);
  groups.forEach((group, index) => {
    if (!group || !valid(group.groupId) || !Array.isArray(group.members) || !group.members.every(valid)) {
      fail(`entry ${index} of ${file} must be {"groupId": "...", "members": ["...", ...]} with non-empty ids`);
    }
  });
  return groups;
}

async function main() {
  const [file] = process.argv.slice(2);
  if (!file) {
    process.stderr.write('usage: node scripts/import-groups.js FILE.json   (FILE: [{"groupId": "g1", "members": ["alice"]}])\n');
    process.exit(2);
  }
  const groups = readGroups(file);
  const { amqp } = new AppConfig(validateEnvironment(process.env));
  if (!amqp) fail('no broker configured: set AMQP_URL or RABBITMQ_HOST as for the service');
  const { MEMBER_ADDED } = loadGroupUpdateSchemas();

  const connection = await connect(amqp.url).catch((error) => fail(`cannot reach ${amqp.label}: ${error.message}`));
  try {
    const channel = await connection.createConfirmChannel();
    // Sent to a queue that does not exist, every update would be dropped without a word: the service creates it.
    await channel.checkQueue(amqp.queue).catch(() => fail(`no queue ${amqp.queue} on ${amqp.label}: start the service first`));
    let updates = 0;
    for (const { groupId, members } of groups) {
      for (const username of members) {
        const record = { groupId: { value: groupId }, addedMember: { id: { username }, name: '', surname: '', email: '' } };
        channel.sendToQueue(amqp.queue, MEMBER_ADDED.toBuffer(record), {
          persistent: true,
          headers: { message_type: 'MEMBER_ADDED' },
          appId: 'import-groups',
        });
        updates++;
      }
    }
    await channel.waitForConfirms();
    console.log(`sent ${updates} MEMBER_ADDED updates for ${groups.length} groups to ${amqp.queue} on ${amqp.label}`);
  } finally {
    await connection.close();
  }
}

main().catch((error) => fail(error.message));
