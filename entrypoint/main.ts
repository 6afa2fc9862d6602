import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { EventStoreUnavailableError } from '../application/ports/event-store.port';
import { serveOpenApi } from '../presentation/http/admin/open-api';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { InvalidEnvironmentError, validateEnvironment } from './config/environment';
import { Cluster } from '../infrastructure/cluster/cluster';
import { CLUSTER } from './modules/chat.module';
import { ManagementModule } from './modules/management.module';
import { StartupError } from './startup.error';

async function bootstrap(): Promise<void> {
  // Read and checked once, here, so that a wrong setting stops start-up with one plain message.
  const config = new AppConfig(validateEnvironment(process.env));
  // Nest's own logger stays silent: a store that cannot be opened is reported once, below, without a framework stack
  // trace; once the application exists, every log line is pino's.
  const app = await NestFactory.create(AppModule.forRoot(config), { logger: false, abortOnError: false });
  const logger = app.get(Logger);
  app.useLogger(logger);

  let stopping = false;
  const stop = async (signal: NodeJS.Signals | 'conflict', exitCode = 0) => {
    if (stopping) return;
    stopping = true;
    logger.log({ msg: 'shutting down', signal, deadlineMs: config.shutdownTimeoutMs });
    // A hung close must not keep an orchestrator waiting forever: past the deadline, exit anyway.
    setTimeout(() => {
      logger.error({ msg: 'shutdown deadline passed, exiting', deadlineMs: config.shutdownTimeoutMs });
      process.exit(1);
    }, config.shutdownTimeoutMs).unref();
    await app.close();
    logger.log('stopped');
    process.exit(exitCode);
  };
  // Serving beside an instance on another store would split every group: the younger of the two stops.
  app.get<Cluster | null>(CLUSTER)?.peers.onConflict((reason) => {
    logger.error({ msg: 'refusing to serve', reason });
    process.stderr.write(`chat service refuses to serve: ${reason}\n`);
    void stop('conflict', 1);
  });
  process.once('SIGTERM', (signal) => void stop(signal));
  process.once('SIGINT', (signal) => void stop(signal));

  serveOpenApi(app);
  await app.listen(config.http.port, config.http.host);
  await app.get(ManagementModule).listen();
  logger.log({
    msg: 'chat service listening',
    http: `http://${config.http.host}:${config.http.port}`,
    management: config.management ? `http://${config.management.host}:${config.management.port}` : 'off',
    store: config.store.kind === 'embedded' ? { kind: 'embedded', dataDir: config.store.dataDir } : { kind: 'mongodb' },
  });
}

bootstrap().catch((error: unknown) => {
  // Before the logger exists there is only stderr; say exactly what is wrong and stop.
  const plain =
    error instanceof InvalidEnvironmentError || error instanceof StartupError || error instanceof EventStoreUnavailableError;
  const message = plain ? error.message : error instanceof Error ? error.stack : String(error);
  process.stderr.write(`chat service failed to start: ${message}\n`);
  process.exit(1);
});
