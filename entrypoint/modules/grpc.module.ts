import { Module } from '@nestjs/common';
import { LiveGroupEvents } from '../../application/live-group-events';
import { GroupChatService } from '../../presentation/grpc/chat/v1/group-chat.service';
import { GroupSubscriptions } from '../../presentation/grpc/chat/v1/group-subscriptions';
import { PositionPalChatService } from '../../presentation/grpc/chatservice/retrieve-last-messages.handler';
import { GrpcServer } from '../../presentation/grpc/grpc.server';
import { GROUP_EVENT_SUBSCRIBER, GRPC_SERVER_OPTIONS, GrpcServerOptions } from '../../presentation/grpc/grpc-server.options';
import { GrpcHealthService } from '../../presentation/grpc/health/grpc-health.service';
import { AppConfig } from '../config/app-config';

/** The gRPC adapter on GRPC_PORT; the use cases come from the global ChatModule. */
@Module({
  providers: [
    {
      provide: GRPC_SERVER_OPTIONS,
      inject: [AppConfig],
      useFactory: (config: AppConfig): GrpcServerOptions => ({
        host: config.http.host,
        port: config.grpc.port,
        requestTimeoutMs: config.grpc.requestTimeoutMs,
        shutdownGraceMs: config.grpc.shutdownGraceMs,
        maxPageSize: config.history.maxPageSize,
      }),
    },
    { provide: GROUP_EVENT_SUBSCRIBER, useExisting: LiveGroupEvents },
    PositionPalChatService,
    GroupChatService,
    GroupSubscriptions,
    GrpcHealthService,
    GrpcServer,
  ],
})
export class GrpcModule {}
