/** Every process the harness starts, so that all of them are stopped on the way out, whatever the way out is. */
import { ChildProcess, fork, spawn, spawnSync } from 'node:child_process';
import { once } from 'node:events';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { SystemName } from './protocol';

const started = new Set<ChildProcess>();
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export const PROJECT_ROOT = join(__dirname, '..', '..');
export const SERVICE_MAIN = join(PROJECT_ROOT, 'dist', 'entrypoint', 'main.js');
/** The node flags the service ships with (package.json's start scripts, the Dockerfile): measured as it runs. */
export const SERVICE_NODE_FLAGS = ['--max-semi-space-size=64'];

/**
 * Pinning (run.ts decides, BENCH_PIN=1): the server under test on CPU 1 and the load generators on CPU 0, the same for both systems, so
 * that neither can take the other's core: on a 2-core machine a server with threads of its own (ours: LevelDB's
 * writer and compactions, fsyncs) can otherwise starve the generator in a burst, and its lateness shows as latency.
 */
const SERVER_CPU = 1;
const GENERATOR_CPU = 0;

function pinTo(child: ChildProcess, cpu: number): ChildProcess {
  // -a: every thread it has; threads it starts later inherit the affinity of the thread that starts them.
  if (process.env.BENCH_PIN === '1' && child.pid) spawnSync('taskset', ['-a', '-pc', String(cpu), String(child.pid)], { stdio: 'ignore' });
  return child;
}

function track(child: ChildProcess): ChildProcess {
  started.add(child);
  child.once('exit', () => started.delete(child));
  return child;
}

export function forkTracked(modulePath: string, args: string[] = [], execArgv: string[] = []): ChildProcess {
  return pinTo(track(fork(modulePath, args, { stdio: ['ignore', 'inherit', 'inherit', 'ipc'], execArgv })), GENERATOR_CPU);
}

export function spawnNode(args: string[], env: NodeJS.ProcessEnv): ChildProcess {
  return pinTo(track(spawn(process.execPath, args, { env, stdio: ['ignore', 'pipe', 'pipe'] })), SERVER_CPU);
}

/** After `waitMs` for it to exit by itself, SIGTERM, then SIGKILL after `graceMs`; resolves once it has exited. */
export async function stopProcess(child: ChildProcess, graceMs = 10_000, waitMs = 0): Promise<void> {
  if (child.exitCode !== null || child.signalCode !== null) return;
  const exited = once(child, 'exit');
  if (waitMs > 0 && (await Promise.race([exited.then(() => true), sleep(waitMs).then(() => false)]))) return;
  child.kill('SIGTERM');
  const timer = setTimeout(() => child.kill('SIGKILL'), graceMs);
  await exited;
  clearTimeout(timer);
}

/** Last resort (an error, Ctrl-C, the time bound): kills whatever is still running, by pid. */
export function killAllStarted(): void {
  for (const child of started) {
    if (child.exitCode === null && child.signalCode === null) child.kill('SIGKILL');
  }
}

export async function freePort(): Promise<number> {
  const server = createServer();
  server.listen(0, '127.0.0.1');
  await once(server, 'listening');
  const { port } = server.address() as { port: number };
  server.close();
  await once(server, 'close');
  return port;
}

export interface RunningServer {
  readonly name: string;
  readonly process: ChildProcess;
  readonly pid: number;
  /** Where the load generator connects: ws://... for ours, http://... for Socket.IO. */
  readonly baseUrl: string;
  output(): string;
  stop(): Promise<void>;
}

function collect(child: ChildProcess): () => string {
  let output = '';
  const keep = (chunk: Buffer) => {
    output += chunk.toString();
    if (output.length > 200_000) output = output.slice(-100_000);
  };
  child.stdout!.on('data', keep);
  child.stderr!.on('data', keep);
  return () => output;
}

/**
 * A reference that ours is measured against, storing nothing: the baseline (Socket.IO), or the floor (fan-out alone,
 * floor-server.ts).
 */
export async function startReferenceServer(name: 'baseline' | 'floor' = 'baseline'): Promise<RunningServer> {
  const child = spawnNode([join(__dirname, `${name}-server.js`), '0'], process.env);
  const output = collect(child);
  const port = await new Promise<number>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`the ${name} did not start:\n${output()}`)), 15_000);
    child.once('exit', () => reject(new Error(`the ${name} exited during start-up:\n${output()}`)));
    child.stdout!.on('data', () => {
      const match = /listening (\d+)/.exec(output());
      if (match) {
        clearTimeout(timer);
        resolve(Number(match[1]));
      }
    });
  });
  return {
    name,
    process: child,
    pid: child.pid!,
    baseUrl: `http://127.0.0.1:${port}`,
    output,
    stop: () => stopProcess(child, 5000),
  };
}

const DROPPED_SETTINGS = ['MONGODB_URL', 'AMQP_URL', 'RABBITMQ_HOST', 'RABBITMQ_PORT', 'HTTP_PORT', 'GRPC_PORT', 'DATA_DIR'];

/** The built service on its embedded store in `dataDir`, on free ports, once /health answers; no probe server. */
export async function startOurs(
  dataDir: string,
  nodeArgs: string[],
  extraEnv: Record<string, string>,
  name: Exclude<SystemName, 'baseline' | 'floor'> = 'ours',
): Promise<RunningServer> {
  const httpPort = await freePort();
  const grpcPort = await freePort();
  const env = Object.fromEntries(Object.entries(process.env).filter(([name]) => !DROPPED_SETTINGS.includes(name)));
  const child = spawnNode([...SERVICE_NODE_FLAGS, ...nodeArgs, SERVICE_MAIN], {
    ...env,
    LOG_LEVEL: 'warn',
    HOST: '127.0.0.1',
    DURABILITY: name === 'ours-synced' ? 'synced' : 'written',
    ...extraEnv,
    HTTP_PORT: `${httpPort}`,
    GRPC_PORT: `${grpcPort}`,
    MANAGEMENT_PORT: '0',
    DATA_DIR: dataDir,
  });
  const output = collect(child);
  let exited = false;
  child.once('exit', () => (exited = true));
  const deadline = Date.now() + 30_000;
  for (;;) {
    if (exited) throw new Error(`the service exited during start-up:\n${output()}`);
    if (Date.now() > deadline) {
      await stopProcess(child, 1000);
      throw new Error(`the service did not become healthy within 30 s:\n${output()}`);
    }
    try {
      if ((await fetch(`http://127.0.0.1:${httpPort}/health`)).ok) break;
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  return {
    name,
    process: child,
    pid: child.pid!,
    baseUrl: `ws://127.0.0.1:${httpPort}`,
    output,
    // Graceful, so that --cpu-prof writes its profile; the service's own shutdown timeout bounds it.
    stop: () => stopProcess(child, 20_000),
  };
}
