/** What the gRPC adapter needs from the configuration; entrypoint/ provides it from AppConfig. */
export interface GrpcServerOptions {
  readonly host: string;
  readonly port: number;
  /** Reads (history, readiness) that take longer are answered with a timeout. */
  readonly requestTimeoutMs: number;
  /** On shutdown, in-flight calls get this long to finish before the server cuts them off. */
  readonly shutdownGraceMs: number;
  /** The most messages one history read returns (HISTORY_MAX_PAGE_SIZE): stated to callers who ask for more. */
  readonly maxPageSize: number;
}

export const GRPC_SERVER_OPTIONS = Symbol('GrpcServerOptions');

/** The GroupEventSubscriber the subscription stream listens to. */
export const GROUP_EVENT_SUBSCRIBER = Symbol('GroupEventSubscriber');
