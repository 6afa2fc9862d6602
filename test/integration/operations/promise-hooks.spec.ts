import 'reflect-metadata';
import { executionAsyncResource } from 'node:async_hooks';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../../entrypoint/app.module';
import { freePort } from '../../support/service-process';
import { temporaryDirectory } from '../../support/temporary-directory';

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
  const directory = temporaryDirectory('chat-promise-hooks');
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
    });
    app = await NestFactory.create(AppModule.forRoot(), { logger: false, abortOnError: false });
    await app.listen(Number(process.env.HTTP_PORT), '127.0.0.1');
  });

  afterAll(async () => {
    await app?.close();
    process.env = savedEnvironment;
    directory.remove();
  });

  it('serves probes, scrapes and admin requests without turning promise hooks on for the rest of the process', async () => {
    expect(await promiseHooksOn()).toBe(false);
    const base = `http://127.0.0.1:${process.env.HTTP_PORT}`;
    expect((await fetch(`${base}/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/metrics`)).status).toBe(200);
    const created = await fetch(`${base}/v1/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groupId: 'hooks', createdBy: 'alice' }),
    });
    expect(created.status).toBe(201);
    expect(await promiseHooksOn()).toBe(false);
  });
});
