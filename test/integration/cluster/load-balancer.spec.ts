import { ChildProcess, execFileSync, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ChatCluster, eventually, http, waitForReady } from '../../support/chat-cluster';
import { ChatSocketClient, v1 } from '../../support/chat-socket-client';
import { groupChatClient, ok } from '../../support/grpc-test-clients';
import { freePort, RunningService } from '../../support/service-process';
import { describeWithService } from '../../support/services';
import { temporaryDirectory } from '../../support/temporary-directory';

jest.setTimeout(120_000);

const NGINX = '/usr/sbin/nginx';
const STREAM_MODULE = '/usr/lib/nginx/modules/ngx_stream_module.so';
const COMPOSE_LOAD_BALANCER = join(__dirname, '..', '..', '..', 'deploy', 'nginx.conf');

/**
 * The load balancer of docker-compose.yml, as it is written, with the compose service names replaced by the test's
 * instances and ports: the part of the compose file a machine without a Docker engine can run for real.
 */
function renderLoadBalancer(config: string, instances: RunningService[], ports: { http: number; grpc: number }, dir: string): string {
  let rendered = config
    .replace('listen 8081;', `listen 127.0.0.1:${ports.http};`)
    .replace('listen 5052;', `listen 127.0.0.1:${ports.grpc};`);
  instances.forEach((instance, index) => {
    rendered = rendered
      .replace(`server chat-${index + 1}:8081`, `server 127.0.0.1:${instance.httpPort}`)
      .replace(`server chat-${index + 1}:5052`, `server 127.0.0.1:${instance.grpcPort}`);
  });
  if (/chat-\d:/.test(rendered)) throw new Error('the compose load balancer names an instance the test does not run');
  // Debian's nginx-light builds the stream module separately; the official image has it built in.
  const main = `load_module ${STREAM_MODULE};\npid ${dir}/nginx.pid;\nerror_log ${dir}/error.log warn;\n`;
  const temp = ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']
    .map((kind) => `  ${kind}_temp_path ${dir}/${kind};`)
    .join('\n');
  return main + rendered.replace('http {', `http {\n  access_log off;\n${temp}`);
}

const nginxPresent = existsSync(NGINX) && existsSync(STREAM_MODULE);

describeWithService('MONGODB', 'the compose file\'s load balancer', () => {
  describeWithService('RABBITMQ', 'in front of two instances', () => {
    (nginxPresent || process.env.CI === 'true' ? it : it.skip)(
      'lets members who land on different instances chat, over WebSocket and gRPC, through one address',
      async () => {
        const cluster = new ChatCluster();
        const dir = temporaryDirectory('chat-nginx');
        let nginx: ChildProcess | undefined;
        const sockets: ChatSocketClient[] = [];
        try {
          const instances = await Promise.all([cluster.start(), cluster.start()]);
          await Promise.all(instances.map((instance) => waitForReady(instance)));
          const ports = { http: await freePort(), grpc: await freePort() };
          for (const kind of ['client_body', 'proxy', 'fastcgi', 'uwsgi', 'scgi']) mkdirSync(join(dir.path, kind), { recursive: true });
          const configFile = join(dir.path, 'nginx.conf');
          writeFileSync(configFile, renderLoadBalancer(readFileSync(COMPOSE_LOAD_BALANCER, 'utf8'), instances, ports, dir.path));
          execFileSync(NGINX, ['-t', '-q', '-p', dir.path, '-c', configFile], { stdio: 'pipe' });
          nginx = spawn(NGINX, ['-p', dir.path, '-c', configFile, '-g', 'daemon off;'], { stdio: 'ignore' });
          const balancer = `http://127.0.0.1:${ports.http}`;
          await eventually(async () => (await fetch(`${balancer}/health`).catch(() => undefined))?.ok, 'the load balancer');

          const groupId = `lb-${randomUUID().slice(0, 8)}`;
          const through = { httpUrl: balancer } as RunningService;
          expect((await http(through, 'POST', '/v1/groups', { groupId, createdBy: 'alice' })).status).toBe(201);
          expect((await http(through, 'POST', `/v1/groups/${groupId}/members`, { memberId: 'bob' })).status).toBe(201);
          // Round robin: the two sockets land on the two instances, which /admin/instance shows.
          const alice = await ChatSocketClient.member(balancer, groupId, 'alice');
          const bob = await ChatSocketClient.member(balancer, groupId, 'bob');
          sockets.push(alice, bob);
          const spread = await eventually(async () => {
            const { body } = await http(instances[0], 'GET', '/admin/instance');
            const serving = (body.instances as { groups: { groupId: string }[] }[]).filter((instance) =>
              instance.groups.some((group) => group.groupId === groupId),
            );
            return serving.length === 2 ? serving : undefined;
          }, 'one socket on each instance');
          expect(spread).toHaveLength(2);

          alice.send('hi bob');
          await bob.waitFor((frame) => frame.includes('hi bob'), 'alice\'s message');
          bob.send('hello alice');
          await alice.waitFor((frame) => frame.includes('hello alice'), 'bob\'s message');
          const texts = (client: ChatSocketClient) =>
            client.frames.map((frame) => v1.parse(frame).shown).flatMap((shown) => (shown.kind === 'message' ? [shown.content] : []));
          expect(texts(alice)).toEqual(['hi bob', 'hello alice']);
          expect(texts(bob)).toEqual(['hi bob', 'hello alice']);

          const client = groupChatClient(ports.grpc);
          try {
            const group = await ok<{ members: string[] }>(client, 'GetGroup', { group_id: groupId });
            expect(group.members).toEqual(['alice', 'bob']);
          } finally {
            client.close();
          }
        } finally {
          await Promise.all(sockets.map((socket) => socket.close().catch(() => undefined)));
          nginx?.kill('SIGQUIT');
          await cluster.stop();
          dir.remove();
        }
      },
    );
  });
});
