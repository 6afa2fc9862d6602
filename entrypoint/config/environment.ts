import { plainToInstance, Transform } from 'class-transformer';
import { IsIn, IsInt, IsOptional, IsString, Matches, Max, MaxLength, Min, MinLength, validateSync } from 'class-validator';

const apply =
  (...decorators: PropertyDecorator[]): PropertyDecorator =>
  (target, key) =>
    decorators.forEach((decorate) => decorate(target, key));
const Count = (min: number, max: number) => apply(IsInt(), Min(min), Max(max));
const Port = () => Count(1, 65535);
/** A port where 0 turns the server off (not "any free port", which no probe could find). */
const PortOrOff = () => Count(0, 65535);
// Environment variables are strings; an empty one means "not set", as in most shells' idea of unset.
const Trimmed = () => Transform(({ value }) => (typeof value === 'string' ? value.trim() || undefined : value));

/**
 * Every setting the service reads, with its default for the embedded mode. The position-pal names come first
 * (a position-pal deployment passes them unchanged); the rest are ours.
 */
export class Environment {
  // position-pal
  @Port() HTTP_PORT = 8081;
  @Port() GRPC_PORT = 5052;
  @Trimmed() @IsOptional() @IsString() RABBITMQ_HOST?: string;
  @Port() RABBITMQ_PORT = 5672;
  @Trimmed() @IsString() RABBITMQ_VIRTUAL_HOST = '/';
  @Trimmed() @IsString() RABBITMQ_USERNAME = 'guest';
  @IsString() RABBITMQ_PASSWORD = 'guest';
  @Trimmed() @IsString() @MinLength(1) @MaxLength(255) USER_SERVICE_EVENT_QUEUE = 'group_updates_queue';

  // ours
  @Trimmed() @IsString() @MinLength(1) HOST = '0.0.0.0';
  // position-pal's Helm chart probes /ready and /alive on its Akka management port.
  @PortOrOff() MANAGEMENT_PORT = 8558;
  @Trimmed() @IsOptional() @Matches(/^amqps?:\/\/\S+$/, { message: 'AMQP_URL must be an amqp:// or amqps:// URL' })
  AMQP_URL?: string;
  @Trimmed() @IsOptional() @IsString() @MinLength(1) @MaxLength(255) USER_SERVICE_PREVIOUS_EVENT_QUEUE?: string;
  @Count(1, 65_535) AMQP_PREFETCH = 32;
  @Count(256, 128 * 1024 * 1024) AMQP_MAX_BODY_BYTES = 65_536;
  @Count(1, 600_000) AMQP_RETRY_INITIAL_DELAY_MS = 200;
  @Count(1, 3_600_000) AMQP_RETRY_MAX_DELAY_MS = 30_000;
  @Trimmed() @IsString() @MinLength(1) @MaxLength(255) AMQP_DEAD_LETTER_EXCHANGE = 'chat.group_updates.dead_letter';
  @Trimmed() @IsString() @MinLength(1) @MaxLength(255) AMQP_DEAD_LETTER_QUEUE = 'chat.group_updates.dead_letter';
  @Trimmed() @IsOptional() @Matches(/^mongodb(\+srv)?:\/\/\S+$/, {
    message: 'MONGODB_URL must be a mongodb:// or mongodb+srv:// URL',
  })
  MONGODB_URL?: string;
  @Trimmed() @IsString() @Matches(/^[^/\\. "$]{1,63}$/, { message: 'MONGODB_DATABASE must be a valid database name' })
  MONGODB_DATABASE = 'chat';
  @Count(100, 600_000) MONGODB_TIMEOUT_MS = 5000;
  @Trimmed() @Matches(/^(majority|[1-9]\d?)$/, { message: 'MONGODB_WRITE_CONCERN must be majority or a number of nodes' })
  MONGODB_WRITE_CONCERN = 'majority';
  @Trimmed() @IsIn(['true', 'false']) MONGODB_JOURNAL = 'true';
  // What an acknowledged message survives on the embedded store (docs/durability.md).
  @Trimmed() @IsIn(['synced', 'written']) DURABILITY = 'written';
  @Count(1, 60_000) DURABILITY_SYNC_INTERVAL_MS = 100;
  @Count(0, 100) DURABILITY_GROUP_COMMIT_MS = 3;
  // The nice value of every thread but the event loop's (infrastructure/system/background-threads.ts); 0: unchanged.
  @Count(0, 19) BACKGROUND_THREAD_NICE = 10;
  @Trimmed() @IsString() @MinLength(1) DATA_DIR = './data';
  @Trimmed() @IsIn(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']) LOG_LEVEL = 'info';
  @Count(1, 1_000_000) MAX_MESSAGE_LENGTH = 4096;
  @Count(0, 10_000) RECENT_CLIENT_MESSAGE_IDS = 64;
  @Count(1000, 30 * 24 * 60 * 60 * 1000) CLIENT_MESSAGE_ID_WINDOW_MS = 24 * 60 * 60 * 1000;
  @Count(1, 1_000_000) SNAPSHOT_EVERY = 100;
  @Count(1, 100) COMMAND_MAX_ATTEMPTS = 5;
  @Count(1, 10_000_000) CACHED_GROUPS = 10_000;
  @Count(1, 100_000) HISTORY_MAX_PAGE_SIZE = 1000;
  @Count(0, 600_000) SHUTDOWN_TIMEOUT_MS = 10_000;
  // WebSocket chat: what a client gets when it passes each of these limits is part of the chat interface.
  @Count(1024, 64 * 1024 * 1024) WS_MAX_FRAME_BYTES = 65_536;
  @Count(1024, 1024 * 1024 * 1024) WS_MAX_BUFFERED_BYTES = 1_048_576;
  @Count(1, 1_000_000) WS_MESSAGES_PER_SECOND = 20;
  @Count(1, 1_000_000) WS_MESSAGE_BURST = 40;
  @Count(100, 3_600_000) WS_PING_INTERVAL_MS = 30_000;
  @Count(100, 600_000) WS_CLOSE_TIMEOUT_MS = 5000;
  // Several instances: those sharing a broker and a cluster name are one service (they must share one store too).
  @Trimmed() @IsOptional() @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'INSTANCE_ID must be 1 to 64 of A-Z a-z 0-9 . _ -' })
  INSTANCE_ID?: string;
  @Trimmed() @Matches(/^[A-Za-z0-9._-]{1,64}$/, { message: 'CLUSTER_NAME must be 1 to 64 of A-Z a-z 0-9 . _ -' })
  CLUSTER_NAME = 'chat';
  @Count(100, 60_000) CLUSTER_HEARTBEAT_MS = 2000;
  @Count(1, 100) CLUSTER_MISSED_HEARTBEATS = 3;
  // Administration (HTTP admin routes, gRPC chat.v1): the keys other services present; several, comma-separated, for rotation.
  @IsOptional() @IsString() @Matches(/^[^,\s]{16,1024}(,[^,\s]{16,1024})*$/, {
    message: 'ADMIN_API_KEY must be one or more keys of 16 to 1024 characters, separated by commas, without spaces',
  })
  ADMIN_API_KEY?: string;
  // Who may open sockets: browser origins (both protocols), and v1's proxies (its ?user= is taken on trust).
  @Trimmed() @IsOptional() @Matches(/^https?:\/\/[^,\s/]+(,https?:\/\/[^,\s/]+)*$/, {
    message: 'ALLOWED_ORIGINS must be origins such as https://chat.example.com, separated by commas',
  })
  ALLOWED_ORIGINS?: string;
  @Trimmed() @IsOptional() @Matches(/^[0-9a-fA-F.:]+(\/\d{1,3})?(,[0-9a-fA-F.:]+(\/\d{1,3})?)*$/, {
    message: 'V1_TRUSTED_PROXIES must be IP addresses or networks (10.0.0.0/8), separated by commas',
  })
  V1_TRUSTED_PROXIES?: string;
  @Trimmed() @IsIn(['true', 'false']) V1_ENABLED = 'true';
  // The client protocol (v2): who a connection belongs to, from a signed token (JWT, `sub` = user id).
  @IsOptional() @IsString() @MinLength(32, { message: 'AUTH_JWT_HMAC_SECRET must be at least 32 characters' }) AUTH_JWT_HMAC_SECRET?: string;
  @IsOptional() @IsString() @Matches(/-----BEGIN PUBLIC KEY-----/, { message: 'AUTH_JWT_PUBLIC_KEY must be a PEM public key (RS256 or ES256)' })
  AUTH_JWT_PUBLIC_KEY?: string;
  @Trimmed() @IsIn(['true', 'false']) AUTH_ALLOW_INSECURE = 'false';
  @Trimmed() @IsOptional() @IsString() NODE_ENV?: string;
  @Count(1000, 3_600_000) V2_PING_INTERVAL_MS = 25_000;
  @Count(100, 600_000) V2_HANDSHAKE_TIMEOUT_MS = 10_000;
  @Count(1, 10_000) V2_MAX_SUBSCRIPTIONS = 128;
  @Count(1, 600_000) GRPC_REQUEST_TIMEOUT_MS = 5000;
  @Count(0, 600_000) GRPC_SHUTDOWN_GRACE_MS = 5000;
}

export class InvalidEnvironmentError extends Error {
  constructor(readonly problems: string[]) {
    super(`Invalid configuration:\n  - ${problems.join('\n  - ')}`);
    this.name = 'InvalidEnvironmentError';
  }
}

const DEFAULTS: Record<string, unknown> = { ...new Environment() };
const NUMERIC = new Set(Object.keys(DEFAULTS).filter((name) => typeof DEFAULTS[name] === 'number'));

/**
 * A wrong value as the error message shows it: never a password, never the credentials of a URL, never more than a
 * line (start-up errors reach logs).
 */
function shown(name: string, value: unknown): string {
  if (/PASSWORD|SECRET|_KEY$|API_KEY/.test(name)) return '(hidden)';
  const text = String(value).replace(/\/\/[^/@\s]*@/g, '//(credentials hidden)@');
  return JSON.stringify(text.length > 100 ? `${text.slice(0, 100)}…` : text);
}

/** Reads and checks the environment; the error names every variable that is wrong, and why. */
export function validateEnvironment(raw: Record<string, unknown>): Environment {
  const known = Object.fromEntries(
    Object.entries(raw)
      .filter(([name]) => name in DEFAULTS)
      .filter(([, value]) => value !== undefined && value !== '')
      // Strict numbers: "8081abc" or "1e3" must not pass as a port.
      .map(([name, value]) => [name, NUMERIC.has(name) && /^\s*-?\d+\s*$/.test(String(value)) ? Number(value) : value]),
  );
  const environment = plainToInstance(Environment, known);
  const errors = validateSync(environment, { forbidUnknownValues: true, stopAtFirstError: true });
  if (errors.length === 0 && environment.USER_SERVICE_PREVIOUS_EVENT_QUEUE === environment.USER_SERVICE_EVENT_QUEUE) {
    throw new InvalidEnvironmentError([
      `USER_SERVICE_PREVIOUS_EVENT_QUEUE=${JSON.stringify(environment.USER_SERVICE_PREVIOUS_EVENT_QUEUE)}: names the queue to drain ` +
        'before USER_SERVICE_EVENT_QUEUE, so it must be another queue',
    ]);
  }
  if (errors.length > 0) {
    throw new InvalidEnvironmentError(
      errors.map((error) => {
        const reasons = Object.values(error.constraints ?? {}).join('; ');
        return `${error.property}=${shown(error.property, raw[error.property])}: ${reasons}`;
      }),
    );
  }
  return environment;
}
