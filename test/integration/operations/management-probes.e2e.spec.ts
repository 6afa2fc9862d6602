import { once } from 'node:events';
import { createServer } from 'node:net';
import { listeningPorts } from '../../support/listening-ports';
import { freePort, RunningService, runServiceToExit, startService } from '../../support/service-process';
import { temporaryDirectory } from '../../support/temporary-directory';

// Generous, for loaded CI machines: each test starts a real service process; a guard, not an assertion.
jest.setTimeout(30_000);

async function probe(service: RunningService, path: string, method = 'GET') {
  const response = await fetch(`http://127.0.0.1:${service.managementPort}${path}`, { method });
  const text = await response.text();
  return { status: response.status, headers: response.headers, body: text && (JSON.parse(text) as unknown) };
}

describe("the management port, as position-pal's Helm chart probes it", () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService();
  });

  afterAll(async () => {
    await service?.stop('SIGKILL');
  });

  it('answers GET /alive with 200 while the process runs', async () => {
    expect(await probe(service, '/alive')).toMatchObject({ status: 200, body: { alive: true } });
  });

  it('answers GET /ready with 200 when the event store answers', async () => {
    expect(await probe(service, '/ready')).toMatchObject({ status: 200, body: { ready: true } });
    expect(await probe(service, '/ready?from=kubelet')).toMatchObject({ status: 200, body: { ready: true } });
  });

  it('answers HEAD like GET, without a body', async () => {
    const head = await probe(service, '/ready', 'HEAD');
    expect(head).toMatchObject({ status: 200, body: '' });
    expect(head.headers.get('content-length')).toBe(`${JSON.stringify({ ready: true }).length}`);
  });

  it.each(['/', '/health/ready', '/ready/', '/alive/x', '/READY'])('answers 404 for any other path: %s', async (path) => {
    const reply = await probe(service, path);
    expect(reply).toMatchObject({ status: 404, body: { error: 'not found: this port serves GET /ready and GET /alive' } });
  });

  it.each(['POST', 'PUT', 'DELETE'])('answers 405 for %s, naming the methods it takes', async (method) => {
    const reply = await probe(service, '/ready', method);
    expect(reply).toMatchObject({ status: 405, body: { error: 'method not allowed: use GET or HEAD' } });
    expect(reply.headers.get('allow')).toBe('GET, HEAD');
  });

  it('listens on MANAGEMENT_PORT beside HTTP_PORT and GRPC_PORT, and on nothing else', () => {
    expect(listeningPorts(service.process.pid!)).toEqual(
      [service.httpPort, service.grpcPort, service.managementPort].sort((a, b) => a - b),
    );
  });
});

describe('MANAGEMENT_PORT', () => {
  it('0 turns the management server off: the service listens on HTTP_PORT and GRPC_PORT only', async () => {
    const service = await startService({ MANAGEMENT_PORT: '0' });
    try {
      expect(service.managementPort).toBe(0);
      expect(listeningPorts(service.process.pid!)).toEqual([service.httpPort, service.grpcPort].sort((a, b) => a - b));
    } finally {
      await service.stop();
    }
  });

  it('closes on SIGTERM within the shutdown deadline, though a probe keeps its connection alive', async () => {
    // Shorter than fetch's keep-alive (4 s): a close that waited for the idle connection would pass the deadline.
    const service = await startService({ SHUTDOWN_TIMEOUT_MS: '2000' });
    await probe(service, '/alive');
    expect(await service.stop('SIGTERM')).toEqual({ code: 0, signal: null });
    await expect(fetch(`http://127.0.0.1:${service.managementPort}/alive`)).rejects.toThrow();
  });

  it('in use by another process stops start-up, naming MANAGEMENT_PORT', async () => {
    const blocker = createServer().listen(0, '127.0.0.1');
    await once(blocker, 'listening');
    const { port } = blocker.address() as { port: number };
    const dataDir = temporaryDirectory('chat-management');
    try {
      const { code, output } = await runServiceToExit({
        HOST: '127.0.0.1',
        HTTP_PORT: `${await freePort()}`,
        GRPC_PORT: `${await freePort()}`,
        MANAGEMENT_PORT: `${port}`,
        DATA_DIR: dataDir.path,
      });
      expect(code).toBe(1);
      expect(output).toContain(`MANAGEMENT_PORT=${port}: the management server cannot listen on 127.0.0.1:${port}`);
      expect(output).toContain('EADDRINUSE');
      expect(output).not.toContain('    at '); // a plain message, not a stack trace
    } finally {
      blocker.close();
      dataDir.remove();
    }
  });
});
