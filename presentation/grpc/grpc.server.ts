import { Server, ServerCredentials } from '@grpc/grpc-js';
import { ReflectionService } from '@grpc/reflection';
import { Inject, Injectable, Logger, OnApplicationBootstrap, OnModuleDestroy } from '@nestjs/common';
import { Registry } from 'prom-client';
import { GroupChatService } from './chat/v1/group-chat.service';
import { GroupSubscriptions } from './chat/v1/group-subscriptions';
import { PositionPalChatService } from './chatservice/retrieve-last-messages.handler';
import { GRPC_SERVER_OPTIONS, GrpcServerOptions } from './grpc-server.options';
import { ApiKeys } from '../api-keys';
import { apiKeyInterceptor } from './api-key.interceptor';
import { grpcMetricsInterceptor } from './grpc.metrics';
import { GrpcHealthService } from './health/grpc-health.service';
import { loadProtos } from './proto-definitions';

/**
 * The gRPC server on GRPC_PORT: position-pal's chatservice.ChatService, our chat.v1.GroupChatService, the standard
 * health service and server reflection.
 *
 * A plain @grpc/grpc-js Server rather than Nest's gRPC transport: health and reflection are services added to the
 * server object, which the transport hands out only through a proto-loading hook; server streaming is a writable stream rather than an Observable,
 * so back-pressure is visible; and shutdown can be bounded (tryShutdown, then forceShutdown past a deadline), where
 * the transport either waits without limit or cuts calls off at once.
 */
@Injectable()
export class GrpcServer implements OnApplicationBootstrap, OnModuleDestroy {
  private readonly logger = new Logger('grpc');
  private readonly server: Server;

  constructor(
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerOptions,
    private readonly positionPal: PositionPalChatService,
    private readonly groupChat: GroupChatService,
    private readonly subscriptions: GroupSubscriptions,
    private readonly health: GrpcHealthService,
    registry: Registry,
    keys: ApiKeys,
  ) {
    // chat.v1 is administration; position-pal's ChatService stays open, as its gateway sends no credentials.
    this.server = new Server({ interceptors: [grpcMetricsInterceptor(registry), apiKeyInterceptor(keys, ['chat.v1.GroupChatService'])] });
  }

  /** Runs before HTTP listens, so that a service whose /health answers also answers on gRPC. */
  async onApplicationBootstrap(): Promise<void> {
    const protos = loadProtos();
    this.server.addService(protos.positionPal.ChatService.service, this.positionPal.handlers);
    this.server.addService(protos.chatV1.GroupChatService.service, this.groupChat.handlers);
    await this.health.addToServer(this.server, ['chatservice.ChatService', 'chat.v1.GroupChatService']);
    new ReflectionService(protos.definition).addToServer(this.server);
    const address = `${this.options.host}:${this.options.port}`;
    await new Promise<void>((resolve, reject) =>
      this.server.bindAsync(address, ServerCredentials.createInsecure(), (error) =>
        error ? reject(new Error(`gRPC cannot listen on ${address}: ${error.message}`)) : resolve(),
      ),
    );
    this.logger.log({ msg: 'gRPC listening', address });
  }

  /**
   * Runs first on shutdown, before the commands drain and the store closes: new calls are refused, subscriptions end
   * with UNAVAILABLE, and calls in flight get `shutdownGraceMs` to finish before they are cut off.
   */
  async onModuleDestroy(): Promise<void> {
    this.health.markStopping();
    this.subscriptions.endAll('the server is shutting down; subscribe again to another instance or later');
    await new Promise<void>((resolve) => {
      const deadline = setTimeout(() => {
        this.logger.warn({ msg: 'gRPC calls still in flight after the grace period: cutting them off' });
        this.server.forceShutdown();
        resolve();
      }, this.options.shutdownGraceMs);
      this.server.tryShutdown(() => {
        clearTimeout(deadline);
        resolve();
      });
    });
  }
}
