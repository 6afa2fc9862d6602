import { CreateGroupUseCase } from '../../../application/use-cases/create-group.use-case';
import { InProcessService, startInProcessService } from '../../support/in-process-service';

/**
 * DURABILITY_GROUP_COMMIT_MS, from the environment through the composition to the embedded store's writer: an append
 * that comes right after another waits for what is left of the window, so that one write serves everything arriving
 * meanwhile. The window is the longest the setting allows, far above what an append takes without it.
 */
describe.each(['written', 'synced'])('DURABILITY_GROUP_COMMIT_MS with DURABILITY=%s', (mode) => {
  const WINDOW_MS = 100;
  let service: InProcessService;

  beforeAll(async () => {
    service = await startInProcessService({ DURABILITY: mode, DURABILITY_GROUP_COMMIT_MS: `${WINDOW_MS}` });
  });

  afterAll(async () => {
    await service?.stop();
  });

  it('holds an append that follows another for the configured window', async () => {
    const groups = service.app.get(CreateGroupUseCase);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    // After a quiet spell an append is written at once; the next one, for another group, waits for the window.
    const started = performance.now();
    await groups.execute({ groupId: 'first', createdBy: 'alice' });
    await groups.execute({ groupId: 'second', createdBy: 'bob' });
    expect(performance.now() - started).toBeGreaterThanOrEqual(WINDOW_MS * 0.9);
  });
});
