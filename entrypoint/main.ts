import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { NestExpressApplication } from '@nestjs/platform-express';
import { Logger } from 'nestjs-pino';
import { pinoHttp } from 'pino-http';
import { EventStoreUnavailableError } from '../application/ports/event-store.port';
import { serveOpenApi } from '../presentation/http/admin/open-api';
import { ClientErrorFilter } from '../presentation/http/client-error.filter';
import { requestLogging } from '../presentation/http/request-logging';
import { jsonParserOptions, onlyJsonBodies } from '../presentation/http/request-bodies';
import { AppModule } from './app.module';
import { AppConfig } from './config/app-config';
import { InvalidEnvironmentError, validateEnvironment } from './config/environment';
import { Cluster } from '../infrastructure/cluster/cluster';
import { BackgroundThreads } from '../infrastructure/system/background-threads';
import { CLUSTER } from './modules/chat.module';
import { ManagementModule } from './modules/management.module';
import { StartupError } from './startup.error';

async function bootstrap(): Promise<void> {
  // Read and checked once, here, so that a wrong setting stops start-up with one plain message.
  const config = new AppConfig(validateEnvironment(process.env));
  // Nest's own logger stays silent: a store that cannot be opened is reported once, below, without a framework stack
  // trace; once the application exists, every log line is pino's.
  // Nest's default parsers would read forms and text too: only JSON is installed, below.
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config), { logger: false, abortOnError: false, bodyParser: false });
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

  // Not announced: the framework is nobody's business.
  app.disable('x-powered-by');
  // First, so that every request is logged, refusals included (not through nestjs-pino: AppModule says why).
  app.use(pinoHttp(requestLogging(config.logLevel)));
  app.useGlobalFilters(new ClientErrorFilter(app.getHttpAdapter()));
  app.use(onlyJsonBodies);
  app.useBodyParser('json', jsonParserOptions({ maxBodyBytes: 64 * 1024 }));
  serveOpenApi(app);
  await app.listen(config.http.port, config.http.host);
  await app.get(ManagementModule).listen();
  const background = BackgroundThreads.yieldToEventLoop(config.backgroundThreadNice);
  if (config.adminApiKeys.length === 0) {
    logger.warn(
      'ADMINISTRATION IS OPEN: no ADMIN_API_KEY is set, so anyone who reaches the HTTP admin routes (/v1/groups, ' +
        '/admin/instance) or gRPC chat.v1 can read and change every group. Set ADMIN_API_KEY (several keys: comma-separated)',
    );
  }
  logger.log({
    msg: 'chat service listening',
    http: `http://${config.http.host}:${config.http.port}`,
    management: config.management ? `http://${config.management.host}:${config.management.port}` : 'off',
    store:
      config.store.kind === 'embedded'
        ? { kind: 'embedded', dataDir: config.store.dataDir, durability: config.store.durability }
        : { kind: 'mongodb', writeConcern: config.store.writeConcern },
    backgroundThreads: background ? { nice: config.backgroundThreadNice, lowered: background.count } : 'unchanged',
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
