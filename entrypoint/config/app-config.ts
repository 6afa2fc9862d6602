import { GroupRules } from '../../domain/group/group.rules';
import { Environment } from './environment';

export type StoreConfig =
  | { readonly kind: 'embedded'; readonly dataDir: string }
  | { readonly kind: 'mongodb'; readonly url: string; readonly database: string; readonly timeoutMs: number };

/** The validated environment, shaped by what each part of the service needs. */
export class AppConfig {
  readonly http: { readonly host: string; readonly port: number };
  readonly grpc: { readonly port: number; readonly requestTimeoutMs: number; readonly shutdownGraceMs: number };
  readonly store: StoreConfig;
  readonly groupRules: GroupRules;
  readonly commands: { readonly maxAttempts: number; readonly cachedGroups: number; readonly snapshotEvery: number };
  readonly history: { readonly maxPageSize: number };
  readonly logLevel: string;
  readonly shutdownTimeoutMs: number;

  constructor(readonly environment: Environment) {
    const env = environment;
    this.http = { host: env.HOST, port: env.HTTP_PORT };
    this.grpc = {
      port: env.GRPC_PORT,
      requestTimeoutMs: env.GRPC_REQUEST_TIMEOUT_MS,
      shutdownGraceMs: env.GRPC_SHUTDOWN_GRACE_MS,
    };
    this.store = env.MONGODB_URL
      ? { kind: 'mongodb', url: env.MONGODB_URL, database: env.MONGODB_DATABASE, timeoutMs: env.MONGODB_TIMEOUT_MS }
      : { kind: 'embedded', dataDir: env.DATA_DIR };
    this.groupRules = {
      maxMessageLength: env.MAX_MESSAGE_LENGTH,
      recentClientMessageIds: env.RECENT_CLIENT_MESSAGE_IDS,
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
  }
}
