import { join } from 'node:path';
import { RunningService, startService } from '../../support/service-process';

const PROBE = join(__dirname, '..', '..', 'support', 'promise-hook-probe.js');
const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * Once an AsyncLocalStorage has run anything, Node 20 keeps promise hooks on for the life of the process: a cost on
 * every promise of the write pipeline and on every socket's memory (docs/performance/history.md). The built service,
 * with a probe inside that reports when they turn on.
 */
describe('HTTP requests and promise hooks', () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({ NODE_OPTIONS: `--require ${PROBE}` });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('serves probes, scrapes and admin requests without turning promise hooks on for the rest of the process', async () => {
    expect((await fetch(`${service.httpUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.httpUrl}/metrics`)).status).toBe(200);
    const created = await fetch(`${service.httpUrl}/v1/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groupId: 'hooks', createdBy: 'alice' }),
    });
    expect(created.status).toBe(201);
    // The probe checks every 20 ms.
    await pause(200);
    expect(service.output()).toContain('promise hook probe: checking');
    expect(service.output()).not.toContain('promise hook probe: hooks on');
  });
});
