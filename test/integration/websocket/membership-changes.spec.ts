import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AddMemberUseCase } from '../../../application/use-cases/add-member.use-case';
import { CreateGroupUseCase } from '../../../application/use-cases/create-group.use-case';
import { DeleteGroupUseCase } from '../../../application/use-cases/delete-group.use-case';
import { RemoveMemberUseCase } from '../../../application/use-cases/remove-member.use-case';
import { AppModule } from '../../../entrypoint/app.module';
import { ChatSocketClient, chatPath, INSTANT, refusal, v1 } from '../../support/chat-socket-client';
import { freePort } from '../../support/service-process';
import { temporaryDirectory } from '../../support/temporary-directory';

/**
 * Membership changes made by another adapter (the broker consumer, the admin API) while members are connected: the
 * whole service runs in this process, with real sockets, and the changes go through its own use cases.
 */
jest.setTimeout(60_000);

describe('the WebSocket chat when membership changes', () => {
  const directory = temporaryDirectory('chat-membership');
  const savedEnvironment = { ...process.env };
  let app: INestApplication;
  let baseUrl: string;
  const clients: ChatSocketClient[] = [];
  const connect = async (groupId: string, user: string) => {
    const client = await ChatSocketClient.member(baseUrl, groupId, user);
    clients.push(client);
    return client;
  };
  const use = <T>(useCase: new (...args: never[]) => T): T => app.get(useCase);

  beforeAll(async () => {
    for (const name of ['MONGODB_URL', 'AMQP_URL', 'RABBITMQ_HOST']) delete process.env[name];
    const httpPort = await freePort();
    Object.assign(process.env, {
      HTTP_PORT: `${httpPort}`,
      GRPC_PORT: `${await freePort()}`,
      HOST: '127.0.0.1',
      DATA_DIR: directory.path,
      LOG_LEVEL: 'silent',
    });
    app = await NestFactory.create(AppModule.forRoot(), { logger: false, abortOnError: false });
    await app.listen(httpPort, '127.0.0.1');
    baseUrl = `http://127.0.0.1:${httpPort}`;
  });

  afterEach(async () => {
    await Promise.all(clients.splice(0).map((client) => client.close()));
  });

  afterAll(async () => {
    await app?.close();
    process.env = savedEnvironment;
    directory.remove();
  });

  async function group(groupId: string, members: string[]): Promise<void> {
    const [createdBy, ...others] = members;
    await use(CreateGroupUseCase).execute({ groupId, createdBy });
    for (const memberId of others) await use(AddMemberUseCase).execute({ groupId, memberId });
  }

  it('tells the members online that a member joined, and lets the new member connect', async () => {
    await group('joining', ['alice', 'bob']);
    const alice = await connect('joining', 'alice');
    const bob = await connect('joining', 'bob');
    await alice.nextFrame(); // bob connected

    await use(AddMemberUseCase).execute({ groupId: 'joining', memberId: 'carol' });
    const joined = await alice.nextFrame();
    expect(joined).toMatch(/^\["Information",\["client joined the group","carol","[^"]+"\]\]$/);
    expect(v1.parse(joined).fields[2]).toMatch(INSTANT);
    expect(await bob.nextFrame()).toBe(joined);

    const carol = await connect('joining', 'carol');
    carol.send('hello all');
    for (const member of [alice, bob]) {
      expect(v1.parse(await member.waitFor((frame) => frame.includes('hello all'), 'carol message')).fields[1]).toBe('carol');
    }
    expect(v1.parse(await carol.nextFrame()).fields.slice(1, 3)).toEqual(['carol', 'hello all']);
  });

  it('tells the members who stay that a member left, closes all of its sockets with a reason, and refuses it after', async () => {
    await group('leaving', ['alice', 'bob']);
    const alice = await connect('leaving', 'alice');
    const bobPhone = await connect('leaving', 'bob');
    const bobLaptop = await connect('leaving', 'bob');
    await alice.nextFrame(); // bob connected

    await use(RemoveMemberUseCase).execute({ groupId: 'leaving', memberId: 'bob' });
    const left = await alice.nextFrame();
    expect(left).toMatch(/^\["Information",\["client leaved the group","bob","[^"]+"\]\]$/);
    // As position-pal: the removed member is not told; its sockets are closed, with the reason in the close frame.
    for (const device of [bobPhone, bobLaptop]) {
      expect(await device.closed).toEqual({ code: 4403, reason: 'removed from the group' });
      expect(device.unread()).toEqual([]);
    }
    // "left" is the last word about bob: no "disconnected" follows when his sockets close.

    const refused = await refusal(baseUrl, chatPath('leaving', 'bob'));
    expect({ code: refused.code, reason: refused.reason }).toEqual({ code: 4403, reason: 'not a member of the group' });
    // Alice is still served.
    alice.send('just us');
    expect(v1.parse(await alice.nextFrame()).fields.slice(1, 3)).toEqual(['alice', 'just us']);
  });

  it('closes every socket of a deleted group with a reason, and refuses new ones', async () => {
    await group('doomed', ['alice', 'bob']);
    const alice = await connect('doomed', 'alice');
    const bob = await connect('doomed', 'bob');
    await use(DeleteGroupUseCase).execute({ groupId: 'doomed' });
    expect(await alice.closed).toEqual({ code: 4410, reason: 'group deleted' });
    expect(await bob.closed).toEqual({ code: 4410, reason: 'group deleted' });

    const refused = await refusal(baseUrl, chatPath('doomed', 'alice'));
    expect({ code: refused.code, reason: refused.reason }).toEqual({ code: 4410, reason: 'group deleted' });
  });

  it('keeps other groups undisturbed by a change in one', async () => {
    await group('quiet', ['alice', 'bob']);
    await group('noisy', ['alice', 'bob']);
    const quiet = await connect('quiet', 'alice');
    await connect('noisy', 'alice');
    await use(RemoveMemberUseCase).execute({ groupId: 'noisy', memberId: 'bob' });
    await use(DeleteGroupUseCase).execute({ groupId: 'noisy' });
    quiet.send('nothing happened here');
    expect(await quiet.nextFrame()).toMatch(/^\["NewMessage",\["quiet","alice","nothing happened here","[^"]+"\]\]$/);
  });
});
