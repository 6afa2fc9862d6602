import { executionAsyncResource } from 'node:async_hooks';
import { InProcessService, startInProcessService } from '../../support/in-process-service';

/**
 * Whether promise hooks are on in this process: only then is the resource of a promise reaction the promise itself.
 * Once an AsyncLocalStorage has run anything, Node 20 keeps them on for good, a cost on every promise of the write
 * pipeline and on every socket's memory (docs/performance/history.md).
 */
async function promiseHooksOn(): Promise<boolean> {
  let resource: unknown;
  await Promise.resolve().then(() => {
    resource = executionAsyncResource();
  });
  return resource instanceof Promise;
}

describe('HTTP requests and promise hooks', () => {
  let service: InProcessService;

  beforeAll(async () => {
    service = await startInProcessService();
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('serves probes, scrapes and admin requests without turning promise hooks on for the rest of the process', async () => {
    expect(await promiseHooksOn()).toBe(false);
    expect((await fetch(`${service.httpUrl}/health/live`)).status).toBe(200);
    expect((await fetch(`${service.httpUrl}/metrics`)).status).toBe(200);
    const created = await fetch(`${service.httpUrl}/v1/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groupId: 'hooks', createdBy: 'alice' }),
    });
    expect(created.status).toBe(201);
    expect(await promiseHooksOn()).toBe(false);
  });
});
