import { randomUUID } from 'node:crypto';
import { RecordingClient, endpointOf, tokenFor, TEST_SECRET } from '../../support/centrifuge-clients';
import { ChatCluster, eventually, http, waitForReady } from '../../support/chat-cluster';
import { RunningService } from '../../support/service-process';
import { describeWithService } from '../../support/services';
import { userService } from '../../support/user-service-avro';
import { UserServiceBroker } from '../../support/user-service-broker';

jest.setTimeout(120_000);

describeWithService('MONGODB', 'the client protocol (v2) on several instances', () => {
  describeWithService('RABBITMQ', 'sharing one broker', () => {
    const cluster = new ChatCluster({ CLUSTER_HEARTBEAT_MS: '500', AUTH_JWT_HMAC_SECRET: TEST_SECRET });
    let a: RunningService;
    let b: RunningService;
    const clients: RecordingClient[] = [];
    const client = (instance: RunningService, user: string) => {
      const made = new RecordingClient(endpointOf(instance.httpUrl), { token: tokenFor(user) });
      clients.push(made);
      return made;
    };

    beforeAll(async () => {
      [a, b] = await Promise.all([cluster.start(), cluster.start()]);
      await Promise.all([a, b].map((instance) => waitForReady(instance)));
    });
    afterAll(async () => {
      for (const made of clients) made.disconnect();
      await cluster.stop();
    });

    it('gives a v2 client on one instance what is published on another, and recovers it from any instance after its own died', async () => {
      const groupId = `v2c-${randomUUID().slice(0, 8)}`;
      expect((await http(a, 'POST', '/v1/groups', { groupId, createdBy: 'alice' })).status).toBe(201);
      expect((await http(a, 'POST', `/v1/groups/${groupId}/members`, { memberId: 'bob' })).status).toBe(201);
      const alice = client(a, 'alice');
      const onA = alice.subscribe(groupId);
      alice.connect();
      const bob = client(b, 'bob');
      bob.subscribe(groupId);
      bob.connect();
      const subscribed = await bob.nth(`${groupId}.subscribed`);
      await alice.nth(`${groupId}.subscribed`);
      await onA.publish({ text: 'from A' });
      await bob.nth(`${groupId}.publication`);

      // bob's instance dies; what is published meanwhile, bob recovers through the other instance.
      await b.stop('SIGKILL');
      await onA.publish({ text: 'while B was gone 1' });
      await onA.publish({ text: 'while B was gone 2' });
      const last = bob.of(`${groupId}.publication`).pop();
      const bobAgain = client(a, 'bob');
      bobAgain.subscribe(groupId, { since: { offset: last.offset, epoch: subscribed.streamPosition.epoch } });
      bobAgain.connect();
      const recovered = await bobAgain.nth(`${groupId}.subscribed`);
      expect(recovered).toMatchObject({ wasRecovering: true, recovered: true });
      await bobAgain.nth(`${groupId}.publication`, 2);
      expect(bobAgain.texts(groupId)).toEqual(['while B was gone 1', 'while B was gone 2']);
      expect(recovered.streamPosition.epoch).toBe(subscribed.streamPosition.epoch);
    });

    it('unsubscribes a member the user service removes (over AMQP), on whichever instance it is', async () => {
      const broker = await UserServiceBroker.connect();
      try {
        const groupId = `v2r-${randomUUID().slice(0, 8)}`;
        await broker.publish(userService.groupCreated(groupId, 'owner'));
        await broker.publish(userService.memberAdded(groupId, 'dana'));
        await eventually(async () => ((await http(a, 'GET', `/v1/groups/${groupId}`)).body?.members ?? []).includes('dana') || undefined, 'dana added');
        const dana = client(a, 'dana');
        dana.subscribe(groupId);
        dana.connect();
        await dana.nth(`${groupId}.subscribed`);
        await broker.publish(userService.memberRemoved(groupId, 'dana'));
        expect(await dana.nth(`${groupId}.unsubscribed`)).toMatchObject({ code: 2100, reason: 'removed from the group' });
      } finally {
        await broker.close();
      }
    });
  });
});
