import { RunningService, startService } from '../../support/service-process';

const WINDOW_MS = 100;

/**
 * DURABILITY_GROUP_COMMIT_MS, from the environment through the composition to the embedded store's writer, in the
 * built service: an append that comes right after another waits for what is left of the window, so that one write
 * serves everything arriving meanwhile. The window is the longest the setting allows, far above what two requests
 * take without it.
 */
describe.each(['written', 'synced'])('DURABILITY_GROUP_COMMIT_MS with DURABILITY=%s', (mode) => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({ DURABILITY: mode, DURABILITY_GROUP_COMMIT_MS: `${WINDOW_MS}` });
  });

  afterAll(async () => {
    await service?.stop();
  });

  const create = async (groupId: string, createdBy: string) => {
    const response = await fetch(`${service.httpUrl}/v1/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groupId, createdBy }),
    });
    expect(response.status).toBe(201);
  };

  it('holds an append that follows another for the configured window', async () => {
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    // After a quiet spell an append is written at once; the next one, for another group, waits for the window.
    const started = performance.now();
    await create('first', 'alice');
    await create('second', 'bob');
    expect(performance.now() - started).toBeGreaterThanOrEqual(WINDOW_MS * 0.9);
  });
});
