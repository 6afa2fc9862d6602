import 'reflect-metadata';
import { INestApplication } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import { AppModule } from '../../entrypoint/app.module';
import { freePort } from './service-process';
import { temporaryDirectory } from './temporary-directory';

export interface InProcessService {
  readonly app: INestApplication;
  readonly httpUrl: string;
  /** Closes the application, puts the environment back and removes its data directory. */
  stop(): Promise<void>;
}

/**
 * The whole service in this process, on the embedded store in a fresh directory with free ports, and no broker or
 * MongoDB: for tests that must look inside the process (its state, its async hooks) rather than at its ports only.
 */
export async function startInProcessService(environment: Record<string, string> = {}): Promise<InProcessService> {
  const directory = temporaryDirectory('chat-in-process');
  const saved = { ...process.env };
  for (const name of ['MONGODB_URL', 'AMQP_URL', 'RABBITMQ_HOST']) delete process.env[name];
  const httpPort = await freePort();
  Object.assign(process.env, {
    HTTP_PORT: `${httpPort}`,
    GRPC_PORT: `${await freePort()}`,
    MANAGEMENT_PORT: `${await freePort()}`,
    HOST: '127.0.0.1',
    DATA_DIR: directory.path,
    LOG_LEVEL: 'silent',
    ...environment,
  });
  try {
    const app = await NestFactory.create(AppModule.forRoot(), { logger: false, abortOnError: false });
    await app.listen(httpPort, '127.0.0.1');
    return {
      app,
      httpUrl: `http://127.0.0.1:${httpPort}`,
      stop: async () => {
        await app.close();
        process.env = saved;
        directory.remove();
      },
    };
  } catch (error) {
    process.env = saved;
    directory.remove();
    throw error;
  }
}
