#!/usr/bin/env node
// Shows that the AMQP consumer survives a RabbitMQ restart: it reconnects, declares its topology again, consumes again,
// and the group updates published after the restart are applied. Kept out of the jest suite on purpose: restarting the
// broker would break whatever other tests are using it at the same moment.
//
// It restarts the local RabbitMQ, cutting every other client of it for a few seconds, so it asks first:
//   npm run build && node scripts/broker-restart-check.js --restart-the-broker
// (with rabbitmqctl on PATH and the broker on AMQP_URL or 127.0.0.1:5672).
const { spawn, execFileSync } = require('node:child_process');
const { randomUUID } = require('node:crypto');
const { mkdtempSync, rmSync } = require('node:fs');
const { createServer } = require('node:net');
const { tmpdir } = require('node:os');
const { join } = require('node:path');
const amqplib = require('amqplib');
const { Type } = require('avsc');

const root = join(__dirname, '..');
const url = process.env.AMQP_URL ?? 'amqp://guest:guest@127.0.0.1:5672';
const queue = `chat-broker-restart-check.${randomUUID()}`;
const deadLetter = `${queue}.dead_letter`;

// The contract's records, transcribed (the service's own .avsc files are what is under test).
const ns = 'io.github.positionpal';
const groupIdType = { type: 'record', name: 'AvroGroupId', namespace: ns, fields: [{ name: 'value', type: 'string' }] };
const userType = {
  type: 'record',
  name: 'AvroUser',
  namespace: ns,
  fields: [
    { name: 'id', type: { type: 'record', name: 'AvroUserId', namespace: ns, fields: [{ name: 'username', type: 'string' }] } },
    { name: 'name', type: 'string' },
    { name: 'surname', type: 'string' },
    { name: 'email', type: 'string' },
  ],
};
const recordOf = (name, userField) =>
  Type.forSchema({
    type: 'record',
    name,
    namespace: ns,
    fields: [{ name: 'groupId', type: groupIdType }, ...(userField ? [{ name: userField, type: userType }] : [])],
  });
const types = {
  GROUP_CREATED: [recordOf('GroupCreatedEvent', 'createdBy'), 'createdBy'],
  MEMBER_ADDED: [recordOf('AddedMemberToGroupEvent', 'addedMember'), 'addedMember'],
  MEMBER_REMOVED: [recordOf('RemovedMemberToGroupEvent', 'removedMember'), 'removedMember'],
};
const user = (username) => ({ id: { username }, name: username, surname: username, email: `${username}@example.com` });

const log = (...args) => console.log(`[${new Date().toISOString()}]`, ...args);
const sleep = (ms) => new Promise((resolve) => setTimeout(resolve, ms));

async function until(what, probe, timeoutMs = 60_000) {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    try {
      const value = await probe();
      if (value) return value;
    } catch {
      // not yet
    }
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
    await sleep(100);
  }
}

async function freePort() {
  const server = createServer().listen(0, '127.0.0.1');
  await new Promise((resolve) => server.once('listening', resolve));
  const { port } = server.address();
  await new Promise((resolve) => server.close(resolve));
  return port;
}

async function openBroker() {
  const connection = await amqplib.connect(url);
  connection.on('error', () => undefined);
  const channel = await connection.createConfirmChannel();
  return {
    connection,
    async publish(messageType, group, username) {
      const [type, userField] = types[messageType];
      const body = type.toBuffer({ groupId: { value: group }, [userField]: user(username) });
      channel.publish('group_updates_exchange', '', body, { headers: { message_type: messageType }, persistent: true });
      await channel.waitForConfirms();
    },
    async inspect() {
      const probe = await connection.createChannel();
      probe.on('error', () => undefined);
      try {
        return await probe.checkQueue(queue);
      } finally {
        await probe.close().catch(() => undefined);
      }
    },
    async cleanUp() {
      await channel.deleteQueue(queue);
      await channel.deleteQueue(deadLetter);
      await channel.deleteExchange(deadLetter);
      await connection.close();
    },
  };
}

async function main() {
  if (!process.argv.includes('--restart-the-broker')) {
    process.stderr.write(
      'This check restarts the local RabbitMQ (rabbitmqctl stop_app, start_app): every client of that broker loses its\n' +
        'connection for a few seconds. Run it again with --restart-the-broker to go ahead.\n',
    );
    process.exit(2);
  }
  const dataDir = mkdtempSync(join(tmpdir(), 'broker-restart-check-'));
  const httpPort = await freePort();
  const env = { ...process.env };
  for (const name of ['MONGODB_URL', 'RABBITMQ_HOST', 'RABBITMQ_PORT']) delete env[name];
  const service = spawn(process.execPath, [join(root, 'dist', 'entrypoint', 'main.js')], {
    env: {
      ...env,
      AMQP_URL: url,
      USER_SERVICE_EVENT_QUEUE: queue,
      AMQP_DEAD_LETTER_EXCHANGE: deadLetter,
      AMQP_DEAD_LETTER_QUEUE: deadLetter,
      HTTP_PORT: `${httpPort}`,
      GRPC_PORT: `${await freePort()}`,
      MANAGEMENT_PORT: '0',
      HOST: '127.0.0.1',
      DATA_DIR: dataDir,
      LOG_LEVEL: 'info',
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  const serviceLog = [];
  const collect = (chunk) => {
    for (const line of chunk.toString().split('\n').filter(Boolean)) {
      try {
        const entry = JSON.parse(line);
        if (entry.context === 'GroupUpdatesConsumer' || entry.context === 'AmqpModule') {
          serviceLog.push(`  service: ${entry.msg}${entry.error ? ` (${entry.error})` : ''}`);
        }
      } catch {
        serviceLog.push(`  service: ${line}`);
      }
    }
  };
  service.stdout.on('data', collect);
  service.stderr.on('data', collect);
  const exited = new Promise((resolve) => service.once('exit', (code, signal) => resolve({ code, signal })));

  let broker;
  try {
    await until('the service to be healthy', async () => (await fetch(`http://127.0.0.1:${httpPort}/health`)).ok);
    broker = await until('the broker', openBroker);
    await until('the consumer', async () => (await broker.inspect()).consumerCount === 1);
    log('service consuming', queue);

    await broker.publish('GROUP_CREATED', 'restarters', 'alice');
    await broker.publish('MEMBER_ADDED', 'restarters', 'bob');
    await until('the first messages to be delivered', async () => (await broker.inspect()).messageCount === 0);
    log('before the restart: published GROUP_CREATED(alice), MEMBER_ADDED(bob); delivered');

    log('restarting RabbitMQ: rabbitmqctl stop_app && rabbitmqctl start_app');
    await broker.connection.close().catch(() => undefined);
    execFileSync('rabbitmqctl', ['stop_app'], { stdio: 'ignore' });
    await sleep(1000);
    execFileSync('rabbitmqctl', ['start_app'], { stdio: 'ignore' });
    log('RabbitMQ is back');

    broker = await until('the broker after the restart', openBroker);
    await until('the consumer to come back', async () => (await broker.inspect()).consumerCount === 1);
    log('the service reconnected and consumes again');

    await broker.publish('MEMBER_ADDED', 'restarters', 'carol');
    await broker.publish('MEMBER_REMOVED', 'restarters', 'alice');
    await until('the later messages to be delivered', async () => (await broker.inspect()).messageCount === 0);
    log('after the restart: published MEMBER_ADDED(carol), MEMBER_REMOVED(alice); delivered');

    service.kill('SIGTERM');
    const exit = await exited;
    log('service stopped', JSON.stringify(exit));
    const left = (await broker.inspect()).messageCount;
    log('messages left unacknowledged in the queue:', left);

    const { LevelEventStore } = require(join(root, 'dist/infrastructure/event-store/level/level-event-store'));
    const store = await LevelEventStore.open(dataDir);
    const events = (await store.readStream('restarters')).map((event) => event.type);
    await store.close();
    log('stored events of group "restarters":', events.join(', '));
    const expected = ['GroupCreated', 'MemberAdded', 'MemberAdded', 'MemberRemoved'];
    console.log(serviceLog.join('\n'));
    const ok = exit.code === 0 && left === 0 && JSON.stringify(events) === JSON.stringify(expected);
    log(ok ? 'OK: reconnected after the broker restart and applied every update' : 'FAILED');
    process.exitCode = ok ? 0 : 1;
  } finally {
    if (service.exitCode === null && service.signalCode === null) service.kill('SIGKILL');
    await broker?.cleanUp().catch(() => undefined);
    rmSync(dataDir, { recursive: true, force: true });
  }
}

main().catch((error) => {
  console.error(error);
  process.exit(1);
});
