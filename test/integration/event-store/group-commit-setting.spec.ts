import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { CreateGroupUseCase } from '../../../application/use-cases/create-group.use-case';
import { AppModule } from '../../../entrypoint/app.module';
import { freePort } from '../../support/service-process';
import { temporaryDirectory } from '../../support/temporary-directory';

/**
 * DURABILITY_GROUP_COMMIT_MS, from the environment through the composition to the embedded store's writer: an append
 * that comes right after another waits for the window to pass, so that one write serves everything arriving meanwhile.
 * A window long enough that nothing else on a slow machine could explain the wait.
 */
describe.each(['written', 'synced'])('DURABILITY_GROUP_COMMIT_MS with DURABILITY=%s', (mode) => {
  const WINDOW_MS = 100;
  const directory = temporaryDirectory('chat-group-commit');
  const savedEnvironment = { ...process.env };
  let app: INestApplication;

  beforeAll(async () => {
    for (const name of ['MONGODB_URL', 'AMQP_URL', 'RABBITMQ_HOST']) delete process.env[name];
    Object.assign(process.env, {
      HTTP_PORT: `${await freePort()}`,
      GRPC_PORT: `${await freePort()}`,
      MANAGEMENT_PORT: `${await freePort()}`,
      HOST: '127.0.0.1',
      DATA_DIR: directory.path,
      LOG_LEVEL: 'silent',
      DURABILITY: mode,
      DURABILITY_GROUP_COMMIT_MS: `${WINDOW_MS}`,
    });
    app = await NestFactory.create(AppModule.forRoot(), { logger: false, abortOnError: false });
    await app.init();
  });

  afterAll(async () => {
    await app?.close();
    process.env = savedEnvironment;
    directory.remove();
  });

  it('holds an append that follows another for the configured window', async () => {
    const groups = app.get(CreateGroupUseCase);
    await new Promise((resolve) => setTimeout(resolve, WINDOW_MS));
    // After a quiet spell an append is written at once; the next one, for another group, waits for the window.
    const first = performance.now();
    await groups.execute({ groupId: 'first', createdBy: 'alice' });
    const firstMs = performance.now() - first;
    const second = performance.now();
    await groups.execute({ groupId: 'second', createdBy: 'bob' });
    const secondMs = performance.now() - second;
    // The second waited for what was left of the window after the first batch was handed to the database.
    expect(firstMs + secondMs).toBeGreaterThanOrEqual(WINDOW_MS * 0.9);
  });
});
