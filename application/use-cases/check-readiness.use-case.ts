import { DependencyCheck } from '../ports/dependency-check.port';
import { EventStore } from '../ports/event-store.port';

export interface DependencyStatus {
  readonly name: string;
  readonly up: boolean;
  readonly reason?: string;
}

/**
 * Whether this instance can serve: its event store answers, and so does every other dependency an adapter registered
 * (the broker, when one is configured). Readiness, not liveness: a process that cannot reach its store is alive but
 * should get no traffic.
 */
export class CheckReadinessUseCase {
  private readonly checks: DependencyCheck[];

  constructor(store: EventStore) {
    this.checks = [{ name: 'eventStore', check: () => store.ping() }];
  }

  /** Adapters that depend on something more register it here when they start. */
  register(check: DependencyCheck): void {
    this.checks.push(check);
  }

  /** Every dependency with its state, checked concurrently. */
  async report(): Promise<DependencyStatus[]> {
    return Promise.all(
      this.checks.map(async ({ name, check }) => {
        try {
          await check();
          return { name, up: true };
        } catch (error) {
          return { name, up: false, reason: error instanceof Error ? error.message : String(error) };
        }
      }),
    );
  }

  /** Resolves when every dependency answers; rejects naming those that do not. */
  async execute(): Promise<void> {
    const down = (await this.report()).filter((status) => !status.up);
    if (down.length > 0) throw new Error(down.map((status) => `${status.name}: ${status.reason}`).join('; '));
  }
}
