import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { ApiKeys } from '../presentation/api-keys';
import { HealthController } from '../presentation/http/health.controller';
import { InstanceController } from '../presentation/http/instance.controller';
import { requestLogging } from '../presentation/http/request-logging';
import { AppConfig } from './config/app-config';
import { validateEnvironment } from './config/environment';
import { AmqpModule } from './modules/amqp.module';
import { ChatModule } from './modules/chat.module';
import { EventStoreModule } from './modules/event-store.module';
import { MetricsModule } from './modules/metrics.module';
import { WebSocketModule } from './modules/websocket.module';
import { GrpcModule } from './modules/grpc.module';
import { HttpAdminModule } from './modules/http-admin.module';
import { ManagementModule } from './modules/management.module';

/**
 * The settings as AppConfig, and the application core (store, decider, command pipeline, use cases) without any
 * adapter. `config` is read from the environment once, by whoever starts the process (main.ts, import-groups.ts).
 */
export function applicationCore(config: AppConfig): NonNullable<ModuleMetadata['imports']> {
  return [
    {
      module: class AppConfigModule {},
      global: true,
      providers: [
        { provide: AppConfig, useValue: config },
        { provide: ApiKeys, useValue: new ApiKeys(config.adminApiKeys) },
      ],
      exports: [AppConfig, ApiKeys],
    },
    MetricsModule,
    EventStoreModule,
    ChatModule,
  ];
}

@Module({})
export class AppModule {
  /** The whole service over `config`; by default the settings of this process's environment. */
  static forRoot(config: AppConfig = new AppConfig(validateEnvironment(process.env))): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...applicationCore(config),
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: requestLogging(config.logLevel),
            // Bound to no route: nestjs-pino's middleware runs each request in an AsyncLocalStorage, and once one has
            // run, Node 20 keeps promise hooks on for the life of the process, a cost on every promise of the write
            // pipeline (measured in docs/performance/history.md). main.ts logs requests with pino-http directly.
            forRoutes: [],
          }),
        }),
        // Readiness logs its own changes, once each (HealthController): not every failed poll.
        TerminusModule.forRoot({ logger: false }),
        AmqpModule,
        WebSocketModule,
        GrpcModule,
        HttpAdminModule,
        ManagementModule,
      ],
      controllers: [HealthController, InstanceController],
    };
  }
}
