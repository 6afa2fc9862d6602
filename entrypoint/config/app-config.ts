import { randomBytes } from 'node:crypto';
import { hostname } from 'node:os';
import { DEFAULT_LIVE_GROUP_EVENTS_OPTIONS, LiveGroupEventsOptions } from '../../application/live-group-events';
import { GroupRules } from '../../domain/group/group.rules';
import { Environment } from './environment';

export type StoreConfig =
  | {
      readonly kind: 'embedded';
      readonly dataDir: string;
      readonly durability: (
        | { readonly mode: 'synced' }
        | { readonly mode: 'written'; readonly syncIntervalMs: number }
      ) & { readonly groupCommitMs: number };
    }
  | {
      readonly kind: 'mongodb';
      readonly url: string;
      readonly database: string;
      readonly timeoutMs: number;
      readonly writeConcern: { readonly w: 'majority' | number; readonly journal: boolean };
    };

/** The broker the group updates come from; absent when neither AMQP_URL nor RABBITMQ_HOST is set. */
export interface AmqpConfig {
  readonly url: string;
  /** The broker without credentials, for logs. */
  readonly label: string;
  readonly queue: string;
  /** Drained to its end, then deleted, before `queue` is consumed: the way off an old (non-durable) queue. */
  readonly previousQueue: string | undefined;
  readonly prefetch: number;
  readonly maxBodyBytes: number;
  readonly retry: { readonly initialDelayMs: number; readonly maxDelayMs: number };
  readonly deadLetter: { readonly exchange: string; readonly queue: string };
}

/** How this instance meets the others: through the broker, when one is configured. */
export interface ClusterConfig {
  /** Unique per process unless INSTANCE_ID says otherwise: the host name and a random suffix. */
  readonly instanceId: string;
  readonly name: string;
  readonly heartbeatMs: number;
  /** An instance silent for this long is dead: its connections expire, its groups are read from the store again. */
  readonly expireAfterMs: number;
  /** Messages held for this instance on the broker past which the oldest are dropped (the store fills them in). */
  readonly maxQueuedMessages: number;
}

/**
 * How client protocol (v2) connections are authenticated: JWTs checked with the configured keys; or, with no key,
 * development mode (the client names its user), which production (NODE_ENV=production) refuses unless allowed.
 */
export type AuthConfig =
  | { readonly mode: 'jwt'; readonly hmacSecret?: string; readonly publicKey?: string }
  | { readonly mode: 'development' }
  | { readonly mode: 'refused' };

/** The validated environment, shaped by what each part of the service needs. */
export class AppConfig {
  readonly http: { readonly host: string; readonly port: number };
  readonly grpc: { readonly port: number; readonly requestTimeoutMs: number; readonly shutdownGraceMs: number };
  /** The probe server (`/ready`, `/alive`); absent when MANAGEMENT_PORT is 0. */
  readonly management: { readonly host: string; readonly port: number } | undefined;
  readonly store: StoreConfig;
  readonly amqp: AmqpConfig | undefined;
  readonly cluster: ClusterConfig;
  readonly auth: AuthConfig;
  /** The keys of ADMIN_API_KEY; none means administration is open. */
  readonly adminApiKeys: readonly string[];
  readonly sockets: { readonly allowedOrigins: readonly string[]; readonly v1TrustedProxies: readonly string[]; readonly v1Enabled: boolean };
  readonly clientProtocol: {
    readonly pingIntervalMs: number;
    readonly handshakeTimeoutMs: number;
    readonly maxSubscriptions: number;
  };
  readonly live: LiveGroupEventsOptions;
  readonly groupRules: GroupRules;
  readonly commands: { readonly maxAttempts: number; readonly cachedGroups: number; readonly snapshotEvery: number };
  readonly history: { readonly maxPageSize: number };
  readonly logLevel: string;
  readonly shutdownTimeoutMs: number;
  /** The nice value given to the process's threads other than the event loop's; 0 leaves them alone. */
  readonly backgroundThreadNice: number;
  readonly websocket: {
    readonly maxFrameBytes: number;
    readonly maxBufferedBytes: number;
    readonly messagesPerSecond: number;
    readonly messageBurst: number;
    readonly pingIntervalMs: number;
    readonly closeTimeoutMs: number;
  };

  constructor(readonly environment: Environment) {
    const env = environment;
    this.http = { host: env.HOST, port: env.HTTP_PORT };
    this.grpc = {
      port: env.GRPC_PORT,
      requestTimeoutMs: env.GRPC_REQUEST_TIMEOUT_MS,
      shutdownGraceMs: env.GRPC_SHUTDOWN_GRACE_MS,
    };
    this.management = env.MANAGEMENT_PORT === 0 ? undefined : { host: env.HOST, port: env.MANAGEMENT_PORT };
    this.store = env.MONGODB_URL
      ? {
          kind: 'mongodb',
          url: env.MONGODB_URL,
          database: env.MONGODB_DATABASE,
          timeoutMs: env.MONGODB_TIMEOUT_MS,
          writeConcern: {
            w: env.MONGODB_WRITE_CONCERN === 'majority' ? 'majority' : Number(env.MONGODB_WRITE_CONCERN),
            journal: env.MONGODB_JOURNAL === 'true',
          },
        }
      : {
          kind: 'embedded',
          dataDir: env.DATA_DIR,
          durability:
            env.DURABILITY === 'synced'
              ? { mode: 'synced', groupCommitMs: env.DURABILITY_GROUP_COMMIT_MS }
              : { mode: 'written', syncIntervalMs: env.DURABILITY_SYNC_INTERVAL_MS, groupCommitMs: env.DURABILITY_GROUP_COMMIT_MS },
        };
    this.amqp = amqpConfig(env);
    this.cluster = {
      instanceId: env.INSTANCE_ID ?? `${hostname().replace(/[^A-Za-z0-9._-]/g, '-').slice(0, 50)}-${randomBytes(4).toString('hex')}`,
      name: env.CLUSTER_NAME,
      heartbeatMs: env.CLUSTER_HEARTBEAT_MS,
      expireAfterMs: env.CLUSTER_HEARTBEAT_MS * env.CLUSTER_MISSED_HEARTBEATS,
      maxQueuedMessages: 100_000,
    };
    this.live = DEFAULT_LIVE_GROUP_EVENTS_OPTIONS;
    // A PEM in an environment variable often has its newlines written as \n.
    const publicKey = env.AUTH_JWT_PUBLIC_KEY?.replace(/\\n/g, '\n');
    this.auth =
      env.AUTH_JWT_HMAC_SECRET || publicKey
        ? { mode: 'jwt', hmacSecret: env.AUTH_JWT_HMAC_SECRET, publicKey }
        : env.NODE_ENV === 'production' && env.AUTH_ALLOW_INSECURE !== 'true'
          ? { mode: 'refused' }
          : { mode: 'development' };
    this.adminApiKeys = env.ADMIN_API_KEY?.split(',') ?? [];
    this.sockets = {
      allowedOrigins: env.ALLOWED_ORIGINS?.split(',') ?? [],
      v1TrustedProxies: env.V1_TRUSTED_PROXIES?.split(',') ?? [],
      v1Enabled: env.V1_ENABLED === 'true',
    };
    this.clientProtocol = {
      pingIntervalMs: env.V2_PING_INTERVAL_MS,
      handshakeTimeoutMs: env.V2_HANDSHAKE_TIMEOUT_MS,
      maxSubscriptions: env.V2_MAX_SUBSCRIPTIONS,
    };
    this.groupRules = {
      maxMessageLength: env.MAX_MESSAGE_LENGTH,
      recentClientMessageIds: env.RECENT_CLIENT_MESSAGE_IDS,
      clientMessageIdWindowMs: env.CLIENT_MESSAGE_ID_WINDOW_MS,
      maxIdentifierLength: 256,
    };
    this.commands = {
      maxAttempts: env.COMMAND_MAX_ATTEMPTS,
      cachedGroups: env.CACHED_GROUPS,
      snapshotEvery: env.SNAPSHOT_EVERY,
    };
    this.history = { maxPageSize: env.HISTORY_MAX_PAGE_SIZE };
    this.logLevel = env.LOG_LEVEL;
    this.shutdownTimeoutMs = env.SHUTDOWN_TIMEOUT_MS;
    this.backgroundThreadNice = env.BACKGROUND_THREAD_NICE;
    this.websocket = {
      maxFrameBytes: env.WS_MAX_FRAME_BYTES,
      maxBufferedBytes: env.WS_MAX_BUFFERED_BYTES,
      messagesPerSecond: env.WS_MESSAGES_PER_SECOND,
      messageBurst: env.WS_MESSAGE_BURST,
      pingIntervalMs: env.WS_PING_INTERVAL_MS,
      closeTimeoutMs: env.WS_CLOSE_TIMEOUT_MS,
    };
  }
}

function amqpConfig(env: Environment): AmqpConfig | undefined {
  const url = env.AMQP_URL ?? (env.RABBITMQ_HOST && amqpUrlFromParts(env, env.RABBITMQ_HOST));
  if (!url) return undefined;
  const parsed = new URL(url);
  return {
    url,
    label: `${parsed.protocol}//${parsed.host}${parsed.pathname || '/'}`,
    queue: env.USER_SERVICE_EVENT_QUEUE,
    previousQueue: env.USER_SERVICE_PREVIOUS_EVENT_QUEUE,
    prefetch: env.AMQP_PREFETCH,
    maxBodyBytes: env.AMQP_MAX_BODY_BYTES,
    retry: { initialDelayMs: env.AMQP_RETRY_INITIAL_DELAY_MS, maxDelayMs: env.AMQP_RETRY_MAX_DELAY_MS },
    deadLetter: { exchange: env.AMQP_DEAD_LETTER_EXCHANGE, queue: env.AMQP_DEAD_LETTER_QUEUE },
  };
}

/** position-pal's RABBITMQ_* settings as one URL; the default virtual host `/` travels as `%2F`. */
function amqpUrlFromParts(env: Environment, host: string): string {
  const user = encodeURIComponent(env.RABBITMQ_USERNAME);
  const password = encodeURIComponent(env.RABBITMQ_PASSWORD);
  const hostname = host.includes(':') && !host.startsWith('[') ? `[${host}]` : host;
  return `amqp://${user}:${password}@${hostname}:${env.RABBITMQ_PORT}/${encodeURIComponent(env.RABBITMQ_VIRTUAL_HOST)}`;
}
