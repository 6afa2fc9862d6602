import { TcpProxy } from '../../support/tcp-proxy';
import { describeWithService } from '../../support/services';
import { RunningService, startService } from '../../support/service-process';

async function jsonAnswer(url: string): Promise<{ status: number; body: Record<string, any> }> {
  const response = await fetch(url);
  return { status: response.status, body: (await response.json()) as Record<string, any> };
}

// A service with a broker joins the other instances before it counts as ready, and rejoins after the broker returns.
jest.setTimeout(60_000);

const readiness = (service: RunningService) => jsonAnswer(`${service.httpUrl}/health/ready`);
/** position-pal's probe on MANAGEMENT_PORT: the same decision as /health/ready, in its own small body. */
const managementReadiness = (service: RunningService) => jsonAnswer(`http://127.0.0.1:${service.managementPort}/ready`);

/** Polls until `ready` has the wanted status: reconnections take a moment, and tests must not race them. */
async function waitForReadiness(service: RunningService, status: number, timeoutMs = 20_000) {
  const deadline = Date.now() + timeoutMs;
  let last = await readiness(service);
  while (last.status !== status && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 200));
    last = await readiness(service);
  }
  expect(last.status).toBe(status);
  return last.body;
}

describe('liveness', () => {
  it('answers /health/live while the process runs', async () => {
    const service = await startService();
    const response = await fetch(`${service.httpUrl}/health/live`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { process: { status: 'up' } } });
    await service.stop();
  });
});

describeWithService('MONGODB', 'readiness follows the event store', () => {
  it('turns false when MongoDB goes away and true again when it returns', async () => {
    const { hostname, port } = new URL(process.env.MONGODB_URL!.replace(/^mongodb:/, 'http:'));
    const proxy = await TcpProxy.start({ host: hostname, port: Number(port) });
    const service = await startService({
      MONGODB_URL: `mongodb://127.0.0.1:${proxy.port}/?directConnection=true`,
      MONGODB_DATABASE: 'chat-readiness',
      MONGODB_TIMEOUT_MS: '500',
    });
    try {
      expect(await waitForReadiness(service, 200)).toMatchObject({ info: { eventStore: { status: 'up' } } });

      await proxy.cut();
      const down = await waitForReadiness(service, 503);
      expect(down).toMatchObject({ error: { eventStore: { status: 'down', message: expect.stringContaining('MongoDB cannot be reached') } } });
      expect(await managementReadiness(service)).toEqual({
        status: 503,
        body: { ready: false, down: { eventStore: expect.stringContaining('MongoDB cannot be reached') } },
      });
      // Alive all the same: an orchestrator must not restart an instance because its database is away.
      expect((await fetch(`${service.httpUrl}/health/live`)).status).toBe(200);

      await proxy.open();
      expect(await waitForReadiness(service, 200)).toMatchObject({ info: { eventStore: { status: 'up' } } });
      expect(await managementReadiness(service)).toEqual({ status: 200, body: { ready: true } });
    } finally {
      await service.stop();
      await proxy.cut();
    }
  });
});

describeWithService('RABBITMQ', 'readiness follows the broker when one is configured', () => {
  it('turns false within 5 s when RabbitMQ goes silent with the connection still open (a black hole), logging the change once', async () => {
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5672 });
    const queue = `chat-readiness-${process.pid}-${Date.now()}-silent`;
    const service = await startService({ AMQP_URL: `amqp://guest:guest@127.0.0.1:${proxy.port}`, USER_SERVICE_EVENT_QUEUE: queue });
    try {
      await waitForReadiness(service, 200);
      proxy.blackhole();
      const started = Date.now();
      await waitForReadiness(service, 503, 10_000);
      const silentForMs = Date.now() - started;
      expect(silentForMs).toBeLessThan(5000);
      process.stdout.write(`readiness turned 503 ${silentForMs} ms after the broker went silent\n`);
      // Probes keep polling; the log says what changed, not every poll.
      const logged = () => service.output().match(/"msg":"not ready"/g)?.length ?? 0;
      await new Promise((resolve) => setTimeout(resolve, 500));
      const before = logged();
      for (let n = 0; n < 5; n++) await readiness(service);
      expect(before).toBeGreaterThanOrEqual(1);
      expect(logged()).toBe(before);
      expect(service.output()).not.toContain('Health Check has failed');
    } finally {
      await service.stop();
      await proxy.cut();
      const { connect } = await import('amqplib');
      const connection = await connect('amqp://guest:guest@127.0.0.1:5672');
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue);
      await connection.close();
    }
  });

  it('turns false when RabbitMQ goes away and true again when the consumer is back', async () => {
    const proxy = await TcpProxy.start({ host: '127.0.0.1', port: 5672 });
    const queue = `chat-readiness-${process.pid}-${Date.now()}`;
    const service = await startService({
      AMQP_URL: `amqp://guest:guest@127.0.0.1:${proxy.port}`,
      USER_SERVICE_EVENT_QUEUE: queue,
    });
    try {
      expect(await waitForReadiness(service, 200)).toMatchObject({ info: { broker: { status: 'up' } } });

      await proxy.cut();
      const down = await waitForReadiness(service, 503);
      expect(down).toMatchObject({ error: { broker: { status: 'down', message: expect.stringContaining('not consuming') } } });
      expect(down.info.eventStore.status).toBe('up');
      expect(await managementReadiness(service)).toEqual({
        status: 503,
        // The cluster link rides on the same broker: it is lost with it, and named apart.
        body: {
          ready: false,
          down: { broker: expect.stringContaining('not consuming'), cluster: expect.stringContaining('not linked to the other instances') },
        },
      });

      await proxy.open();
      expect(await waitForReadiness(service, 200)).toMatchObject({ info: { broker: { status: 'up' } } });
      expect(await managementReadiness(service)).toEqual({ status: 200, body: { ready: true } });
    } finally {
      await service.stop();
      await proxy.cut();
      const { connect } = await import('amqplib');
      const connection = await connect('amqp://guest:guest@127.0.0.1:5672');
      const channel = await connection.createChannel();
      await channel.deleteQueue(queue);
      await connection.close();
    }
  });
});
