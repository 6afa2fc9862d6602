import { execFileSync } from 'node:child_process';
import { randomUUID } from 'node:crypto';
import { connect } from 'amqplib';
import { RunningService, startService } from './service-process';
import { amqpSettings, Queues, testBrokerUrl, uniqueQueues } from './user-service-broker';

/**
 * Several service processes that are one service: one MongoDB database (the stand-in), one broker, one cluster name,
 * one group updates queue. Each test file gets its own of each, so that no two meet.
 */
export class ChatCluster {
  readonly instances: RunningService[] = [];
  readonly queues: Queues;
  readonly clusterName = `test-cluster-${randomUUID().slice(0, 8)}`;
  private readonly database = `cluster_${randomUUID().replace(/-/g, '').slice(0, 12)}`;

  constructor(private readonly settings: Record<string, string> = {}) {
    this.queues = uniqueQueues('chat-cluster-test');
  }

  /** The settings every instance shares; `own` adds or overrides some for one. */
  env(own: Record<string, string> = {}): Record<string, string> {
    return {
      MONGODB_URL: process.env.MONGODB_URL ?? '',
      MONGODB_DATABASE: this.database,
      ...amqpSettings(this.queues),
      CLUSTER_NAME: this.clusterName,
      ...this.settings,
      ...own,
    };
  }

  async start(own: Record<string, string> = {}): Promise<RunningService> {
    const instance = await startService(this.env(own), 30_000);
    this.instances.push(instance);
    return instance;
  }

  /** Stops every instance still running, and deletes what the cluster made on the broker. */
  async stop(): Promise<void> {
    await Promise.all(this.instances.map((instance) => instance.stop()));
    const connection = await connect(testBrokerUrl());
    const channel = await connection.createChannel();
    await channel.deleteQueue(this.queues.queue);
    await channel.deleteQueue(this.queues.deadLetterQueue);
    await channel.deleteExchange(this.queues.deadLetterExchange);
    await connection.close();
  }
}

/** Resolves once `/health/ready` answers `status` (each instance joins the others in the background after start). */
export async function waitForReady(instance: RunningService, status = 200, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const response = await fetch(`${instance.httpUrl}/health/ready`).catch(() => undefined);
    if (response?.status === status) return;
    if (Date.now() > deadline) throw new Error(`readiness did not turn ${status} within ${timeoutMs} ms: ${await response?.text()}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Applies a RabbitMQ policy to the queues whose names match `pattern`, with rabbitmqctl, as an operator would, and
 * resolves once the broker lists it as the policy of at least one queue (it applies a policy a moment after it is set).
 */
export async function setQueuePolicy(name: string, pattern: string, definition: object): Promise<void> {
  execFileSync('rabbitmqctl', ['set_policy', '--apply-to', 'queues', '--priority', '100', name, pattern, JSON.stringify(definition)], {
    stdio: 'pipe',
  });
  await eventually(() => queuePolicies().includes(name) || undefined, `policy ${name} to apply`);
}

/** Clears a policy, and resolves once no queue is under it any more. */
export async function clearPolicy(name: string): Promise<void> {
  execFileSync('rabbitmqctl', ['clear_policy', name], { stdio: 'pipe' });
  await eventually(() => !queuePolicies().includes(name) || undefined, `policy ${name} to be lifted`);
}

function queuePolicies(): string[] {
  const listed = execFileSync('rabbitmqctl', ['list_queues', 'policy', '--no-table-headers', '--quiet'], { stdio: 'pipe' });
  return listed.toString().split('\n').map((line) => line.trim());
}

export async function http(instance: RunningService, method: string, path: string, body?: unknown): Promise<{ status: number; body: any }> {
  const response = await fetch(`${instance.httpUrl}${path}`, {
    method,
    headers: body === undefined ? {} : { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, body: text ? JSON.parse(text) : undefined };
}

export async function eventually<T>(probe: () => Promise<T | undefined> | T | undefined, what: string, timeoutMs = 20_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await probe();
    if (value !== undefined && value !== false) return value;
    if (Date.now() > deadline) throw new Error(`gave up waiting for ${what} after ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
