import { DynamicModule, Module, ModuleMetadata } from '@nestjs/common';
import { ConfigModule, ConfigService } from '@nestjs/config';
import { TerminusModule } from '@nestjs/terminus';
import { LoggerModule } from 'nestjs-pino';
import { correlationIdFrom } from '../presentation/correlation-id';
import { HealthController } from '../presentation/http/health.controller';
import { InstanceController } from '../presentation/http/instance.controller';
import { AppConfig } from './config/app-config';
import { Environment, validateEnvironment } from './config/environment';
import { AmqpModule } from './modules/amqp.module';
import { ChatModule } from './modules/chat.module';
import { EventStoreModule } from './modules/event-store.module';
import { MetricsModule } from './modules/metrics.module';
import { WebSocketModule } from './modules/websocket.module';
import { GrpcModule } from './modules/grpc.module';
import { HttpAdminModule } from './modules/http-admin.module';
import { ManagementModule } from './modules/management.module';

/**
 * The validated settings as AppConfig, and the application core (store, decider, command handler, use cases) without
 * any adapter. Built when called rather than at import, so that the environment is read when the process starts.
 */
export function applicationCore(): NonNullable<ModuleMetadata['imports']> {
  return [
    ConfigModule.forRoot({ isGlobal: true, ignoreEnvFile: true, validate: validateEnvironment }),
    {
      module: class AppConfigModule {},
      global: true,
      providers: [
        {
          provide: AppConfig,
          inject: [ConfigService],
          useFactory: (config: ConfigService) => new AppConfig(Object.assign(new Environment(), pickEnvironment(config))),
        },
      ],
      exports: [AppConfig],
    },
    MetricsModule,
    EventStoreModule,
    ChatModule,
  ];
}

@Module({})
export class AppModule {
  /** Built at start-up rather than at import, so that the environment is read and checked when the service starts. */
  static forRoot(): DynamicModule {
    return {
      module: AppModule,
      imports: [
        ...applicationCore(),
        LoggerModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            pinoHttp: {
              level: config.logLevel,
              // Health probes and scrapes every few seconds would drown the log.
              autoLogging: { ignore: (request) => /^\/(health|metrics)/.test(request.url ?? '') },
              // A caller's correlation id follows its request into every log line and the events it causes.
              genReqId: (request, response) => {
                const id = correlationIdFrom(request.headers['x-correlation-id'] ?? request.headers['x-request-id']);
                response.setHeader('x-correlation-id', id);
                return id;
              },
              customAttributeKeys: { reqId: 'correlationId' },
            },
          }),
        }),
        TerminusModule,
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

/** The validated settings: ConfigModule keeps what `validateEnvironment` returned, defaults included. */
function pickEnvironment(config: ConfigService): Partial<Environment> {
  return Object.fromEntries(
    Object.keys(new Environment()).map((name) => [name, config.get(name)]).filter(([, value]) => value !== undefined),
  );
}
