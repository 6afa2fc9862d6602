import { execFile } from 'node:child_process';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { ChatSocketClient } from '../../support/chat-socket-client';
import { temporaryDirectory } from '../../support/temporary-directory';
import { RunningService, startService } from '../../support/service-process';
import { describeWithService } from '../../support/services';
import { membersOrStatus, readStoredGroups, StoredGroup } from '../../support/stored-group';
import { UserServiceMessage, userService } from '../../support/user-service-avro';
import { amqpSettings, Queues, uniqueQueues, UserServiceBroker } from '../../support/user-service-broker';

jest.setTimeout(90_000);

const IMPORT_GROUPS = join(__dirname, '..', '..', '..', 'dist', 'entrypoint', 'import-groups.js');

/**
 * Taking over from a running position-pal, on a real broker: its non-durable queue already exists and holds updates,
 * and every group that existed before the switch is one this service never saw created.
 */
describeWithService('RABBITMQ', 'cutover from position-pal (AMQP)', () => {
  let broker: UserServiceBroker;
  const used: Queues[] = [];
  const extraQueues: string[] = [];
  const services: RunningService[] = [];

  beforeAll(async () => {
    broker = await UserServiceBroker.connect();
  });

  afterAll(async () => {
    await Promise.all(services.map((service) => service.stop()));
    for (const queues of used) await broker.deleteQueues(queues).catch(() => undefined);
    for (const queue of extraQueues) await broker.deleteQueue(queue).catch(() => undefined);
    await broker?.close();
  });

  function queuesForThisTest(): Queues {
    const queues = uniqueQueues('chat-cutover-test');
    used.push(queues);
    return queues;
  }

  async function publishAll(messages: UserServiceMessage[]): Promise<void> {
    for (const message of messages) await broker.publish(message);
  }

  /** Stops the service once every message is delivered and the dead-letter queue still empty, then reads its store. */
  async function storedAfterStop(service: RunningService, queues: Queues, groupIds: string[]): Promise<Record<string, StoredGroup>> {
    await broker.waitForDelivered(queues.queue);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    expect(await broker.inspect(queues.deadLetterQueue)).toEqual({ messages: 0, consumers: 0 });
    return readStoredGroups(service.dataDir, groupIds);
  }

  it("starts on position-pal's non-durable queue, consumes it as it is, and warns that it is not durable", async () => {
    const queues = queuesForThisTest();
    await broker.declarePositionPalQueue(queues.queue);
    // Waiting in the old queue from before the switch.
    await publishAll([userService.groupCreated('hikers', 'alice'), userService.memberAdded('hikers', 'bob')]);

    const service = await startService(amqpSettings(queues));
    await broker.waitForConsumer(queues.queue);
    const { hikers } = await storedAfterStop(service, queues, ['hikers']);

    expect(membersOrStatus(hikers)).toEqual(['alice', 'bob']);
    expect(await broker.isDurable(queues.queue)).toBe(false);
    expect(service.output()).toContain('consuming an existing queue as it is');
    expect(service.output()).toContain("inequivalent arg 'durable'");
  });

  it('creates the queue durable when it does not exist yet', async () => {
    const queues = queuesForThisTest();
    const service = await startService(amqpSettings(queues));
    await broker.waitForConsumer(queues.queue);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
    expect(await broker.isDurable(queues.queue)).toBe(true);
    expect(service.output()).not.toContain('consuming an existing queue as it is');
  });

  it('takes groups it never saw created from their first update, and their members chat at once', async () => {
    const queues = queuesForThisTest();
    const service = await startService(amqpSettings(queues));
    services.push(service);
    await broker.waitForConsumer(queues.queue);
    // A group from before the cutover: the user service only ever speaks of it by its members now.
    await publishAll([userService.memberAdded('old-timers', 'alice'), userService.memberAdded('old-timers', 'bob')]);
    await broker.waitForDelivered(queues.queue);

    const alice = await connectOnceMember(service, 'old-timers', 'alice');
    const bob = await ChatSocketClient.member(service.httpUrl, 'old-timers', 'bob');
    // As position-pal's browser sends it.
    bob.send(JSON.stringify('still here after the switch'));
    for (const client of [alice, bob]) {
      const frame = await client.waitFor((text) => text.startsWith('["NewMessage"'), 'the message');
      expect(JSON.parse(frame)[1].slice(0, 3)).toEqual(['old-timers', 'bob', '"still here after the switch"']);
    }
    await Promise.all([alice.close(), bob.close()]);

    // What the old service accepted without complaint must not be dead-lettered either.
    await publishAll([
      userService.groupCreated('old-timers', 'carol'), // a creation naming another creator: carol joins
      userService.memberRemoved('never-seen', 'zed'), // nothing to remove
      userService.groupDeleted('gone-before'), // recorded, so that a late update cannot revive it
      userService.memberAdded('gone-before', 'zed'),
    ]);
    services.splice(services.indexOf(service), 1);
    const stored = await storedAfterStop(service, queues, ['old-timers', 'never-seen', 'gone-before']);

    expect(stored['old-timers'].eventTypes).toEqual(['GroupAdopted', 'MemberAdded', 'MemberAdded', 'MessagePosted', 'MemberAdded']);
    expect(membersOrStatus(stored['old-timers'])).toEqual(['alice', 'bob', 'carol']);
    expect(stored['old-timers'].state).not.toHaveProperty('createdBy');
    expect(membersOrStatus(stored['never-seen'])).toBe('unknown');
    expect(stored['gone-before'].eventTypes).toEqual(['GroupDeleted']);
  });

  it('imports the groups of before the switch, then applies the newer updates waiting in the queue on top', async () => {
    const queues = queuesForThisTest();
    await broker.declarePositionPalQueue(queues.queue);
    // Published after the user service's export was taken, while no chat service consumed.
    await publishAll([userService.memberRemoved('imported', 'bob'), userService.memberAdded('imported', 'dana')]);
    const directory = temporaryDirectory('import-groups');
    const dataDir = join(directory.path, 'data');
    const file = join(directory.path, 'groups.json');
    writeFileSync(file, JSON.stringify([{ groupId: 'imported', members: ['alice', 'bob', 'carol'] }, { groupId: 'solo', members: ['erin'] }]));
    const importGroups = () =>
      promisify(execFile)(process.execPath, [IMPORT_GROUPS, file], { env: { PATH: process.env.PATH, DATA_DIR: dataDir } });

    expect((await importGroups()).stdout).toContain('imported 2 groups with 4 members');
    // Again: nothing more to record; a group known from elsewhere would be skipped (below).
    expect((await importGroups()).stdout).toContain('imported 2 groups with 0 members');

    const service = await startService({ ...amqpSettings(queues), DATA_DIR: dataDir });
    services.push(service);
    await broker.waitForConsumer(queues.queue);
    await broker.waitForDelivered(queues.queue);
    const alice = await connectOnceMember(service, 'imported', 'alice');
    const dana = await connectOnceMember(service, 'imported', 'dana');
    alice.send('imported and chatting');
    expect(JSON.parse(await dana.waitFor((text) => text.includes('imported and chatting'), 'the message'))[1][1]).toBe('alice');
    await Promise.all([alice.close(), dana.close()]);
    const group = (await (await fetch(`${service.httpUrl}/v1/groups/imported`)).json()) as { members: string[]; createdBy?: string };
    expect(group.members).toEqual(['alice', 'carol', 'dana']);
    expect(group.createdBy).toBeUndefined();
    services.splice(services.indexOf(service), 1);
    expect(await service.stop()).toEqual({ code: 0, signal: null });

    // After the switch, the groups changed by the queue are the chat's own: an old picture never undoes that.
    const late = (await importGroups()).stdout;
    expect(late).toContain('skipped 1 groups this chat already knows: imported');
    expect(late).toContain('imported 1 groups with 0 members');
    directory.remove();
  });

  it('refuses to import while the service runs on the same embedded store, saying why', async () => {
    const service = await startService();
    services.push(service);
    const directory = temporaryDirectory('import-groups');
    const file = join(directory.path, 'groups.json');
    writeFileSync(file, JSON.stringify([{ groupId: 'g', members: ['alice'] }]));
    const failed = await promisify(execFile)(process.execPath, [IMPORT_GROUPS, file], {
      env: { PATH: process.env.PATH, DATA_DIR: service.dataDir },
    }).catch((error: { code: number; stderr: string }) => error);
    directory.remove();
    expect(failed).toMatchObject({ code: 1, stderr: expect.stringContaining('LEVEL_LOCKED') });
  });

  it('moves off the old queue to a durable one: the old queue is drained first, nothing lost, no group reordered', async () => {
    const queues = queuesForThisTest();
    const oldQueue = `${queues.queue}.position-pal`;
    extraQueues.push(oldQueue);
    await broker.declarePositionPalQueue(oldQueue);
    // In the old queue: a long history (so that the drain is still going when more comes), ending with carol in.
    const churn = Array.from({ length: 100 }, (_, i) =>
      i % 2 === 0 ? userService.memberAdded('movers', 'dana') : userService.memberRemoved('movers', 'dana'),
    );
    const before = [userService.groupCreated('movers', 'alice'), ...churn, userService.memberAdded('movers', 'carol')];
    await publishAll(before);

    const service = await startService({ ...amqpSettings(queues), USER_SERVICE_PREVIOUS_EVENT_QUEUE: oldQueue, LOG_LEVEL: 'info' });
    // Once the new queue exists it is bound: what is published now reaches it. Applied before the old queue's
    // updates, these would leave carol in and bob out.
    await waitUntil(async () => (await broker.inspect(queues.queue)) !== undefined, 'the new queue');
    const after = [userService.memberRemoved('movers', 'carol'), userService.memberAdded('movers', 'bob')];
    await publishAll(after);
    await broker.waitForConsumer(queues.queue);
    const { movers } = await storedAfterStop(service, queues, ['movers']);

    expect(membersOrStatus(movers)).toEqual(['alice', 'bob']);
    // Stored in publish order: the old queue's whole history, then what came after (a copy of an update published
    // while both queues were bound changes nothing the second time).
    const membership = movers.events.slice(1).map(({ type, data }) => `${type === 'MemberAdded' ? '+' : '-'}${String(data.memberId)}`);
    expect(membership).toEqual([...churn.map((_, i) => (i % 2 === 0 ? '+dana' : '-dana')), '+carol', '-carol', '+bob']);
    expect(await broker.inspect(oldQueue)).toBeUndefined();
    expect(await broker.isDurable(queues.queue)).toBe(true);
    expect(service.output()).toContain('previous queue drained and deleted');
  });

  /** A socket of `user` once the service accepts it (the update making it a member may still be on its way). */
  async function connectOnceMember(service: RunningService, groupId: string, user: string): Promise<ChatSocketClient> {
    const deadline = Date.now() + 15_000;
    for (;;) {
      try {
        return await ChatSocketClient.member(service.httpUrl, groupId, user);
      } catch (error) {
        if (Date.now() > deadline) throw error;
        await new Promise((resolve) => setTimeout(resolve, 100));
      }
    }
  }

  async function waitUntil(condition: () => Promise<boolean>, what: string): Promise<void> {
    const deadline = Date.now() + 15_000;
    while (!(await condition())) {
      if (Date.now() > deadline) throw new Error(`gave up waiting for ${what}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
});
