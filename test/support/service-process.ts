import { ChildProcess, spawn } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { temporaryDirectory } from './temporary-directory';

export interface RunningService {
  readonly httpPort: number;
  readonly grpcPort: number;
  /** The probe port (/ready, /alive); 0 when the test turned it off. */
  readonly managementPort: number;
  readonly httpUrl: string;
  readonly dataDir: string;
  readonly process: ChildProcess;
  /** Everything the service wrote to stdout and stderr so far. */
  output(): string;
  /** Sends a signal (SIGTERM by default) and resolves with how the process ended. */
  stop(signal?: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }>;
}

const MAIN = join(__dirname, '..', '..', 'dist', 'entrypoint', 'main.js');

// Settings that would make a test service reach another one than the test means; the test passes what it wants.
const INHERITED_SETTINGS_TO_DROP = [
  'MONGODB_URL',
  'AMQP_URL',
  'RABBITMQ_HOST',
  'RABBITMQ_PORT',
  'HTTP_PORT',
  'GRPC_PORT',
  'DATA_DIR',
  'USER_SERVICE_EVENT_QUEUE',
  'MONGODB_DATABASE',
  'INSTANCE_ID',
  'CLUSTER_NAME',
];

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

/**
 * Starts the built service (`npm test` builds it first) as a child process on free ports (the management port too,
 * so that parallel tests never meet on 8558), with its own data directory unless DATA_DIR is given, and resolves once
 * `GET /health` answers 200.
 */
export async function startService(env: Record<string, string> = {}, timeoutMs = 20_000): Promise<RunningService> {
  try {
    return await startServiceOnce(env, timeoutMs);
  } catch (error) {
    // A free port found here can be taken by another process before the service binds it: pick others, once.
    const portsGiven = env.HTTP_PORT !== undefined && env.GRPC_PORT !== undefined && env.MANAGEMENT_PORT !== undefined;
    if (portsGiven || !String(error).includes('EADDRINUSE')) throw error;
    return startServiceOnce(env, timeoutMs);
  }
}

async function startServiceOnce(env: Record<string, string>, timeoutMs: number): Promise<RunningService> {
  const httpPort = Number(env.HTTP_PORT ?? (await freePort()));
  const grpcPort = Number(env.GRPC_PORT ?? (await freePort()));
  const managementPort = Number(env.MANAGEMENT_PORT ?? (await freePort()));
  const dataDir = env.DATA_DIR ?? temporaryDirectory('chat-service').path;
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !INHERITED_SETTINGS_TO_DROP.includes(name)),
  );
  const child = spawn(process.execPath, [MAIN], {
    env: {
      ...inherited,
      LOG_LEVEL: 'warn',
      // Services of different tests on one broker must not take each other for instances of one service.
      CLUSTER_NAME: `test-${randomUUID()}`,
      ...env,
      HTTP_PORT: `${httpPort}`,
      GRPC_PORT: `${grpcPort}`,
      MANAGEMENT_PORT: `${managementPort}`,
      DATA_DIR: dataDir,
    },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const exited = once(child, 'exit').then(([code, signal]) => ({ code, signal }) as { code: number | null; signal: NodeJS.Signals | null });

  const httpUrl = `http://127.0.0.1:${httpPort}`;
  const service: RunningService = {
    httpPort,
    grpcPort,
    managementPort,
    httpUrl,
    dataDir,
    process: child,
    output: () => output,
    stop: async (signal = 'SIGTERM') => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
      return exited;
    },
  };

  const deadline = Date.now() + timeoutMs;
  let stillStarting = true;
  void exited.then(() => (stillStarting = false));
  while (Date.now() < deadline) {
    if (!stillStarting) throw new Error(`the service exited during start-up:\n${output}`);
    try {
      if ((await fetch(`${httpUrl}/health`)).ok) return service;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  await service.stop('SIGKILL');
  throw new Error(`the service did not become healthy within ${timeoutMs} ms:\n${output}`);
}

/**
 * Runs the built service to completion, for start-up failures: resolves with its exit code and output. The management
 * server is off unless MANAGEMENT_PORT is given, so that a run that gets that far never takes 8558.
 */
export async function runServiceToExit(env: Record<string, string>): Promise<{ code: number | null; output: string }> {
  const inherited = Object.fromEntries(
    Object.entries(process.env).filter(([name]) => !INHERITED_SETTINGS_TO_DROP.includes(name)),
  );
  const child = spawn(process.execPath, [MAIN], {
    env: { ...inherited, MANAGEMENT_PORT: '0', CLUSTER_NAME: `test-${randomUUID()}`, ...env },
    stdio: ['ignore', 'pipe', 'pipe'],
  });
  let output = '';
  child.stdout!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  child.stderr!.on('data', (chunk: Buffer) => (output += chunk.toString()));
  const [code] = await once(child, 'exit');
  return { code, output };
}
