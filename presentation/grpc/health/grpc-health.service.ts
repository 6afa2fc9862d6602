import { Server, UntypedHandleCall, UntypedServiceImplementation } from '@grpc/grpc-js';
import { Inject, Injectable } from '@nestjs/common';
import { HealthImplementation, ServingStatus } from 'grpc-health-check';
import { CheckReadinessUseCase } from '../../../application/use-cases/check-readiness.use-case';
import { GRPC_SERVER_OPTIONS, GrpcServerOptions } from '../grpc-server.options';
import { withinTimeout } from '../request-timeout';

/** How often Watch subscribers hear the store's readiness when nobody calls Check. */
const REFRESH_EVERY_MS = 5000;

/**
 * `grpc.health.v1.Health`, the standard implementation from grpc-health-check, with its answers tied to readiness:
 * SERVING while the event store answers, NOT_SERVING when it does not or once the server is shutting down. Check asks
 * the store on every call so its answer is never stale; Watch hears a periodic refresh.
 */
@Injectable()
export class GrpcHealthService {
  private readonly health = new HealthImplementation();
  private serviceNames: readonly string[] = [''];
  private stopping = false;
  private refresher?: NodeJS.Timeout;

  constructor(
    private readonly readiness: CheckReadinessUseCase,
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerOptions,
  ) {}

  /** Serves health for the whole server ("") and for each of `serviceNames`. */
  async addToServer(server: Server, serviceNames: readonly string[]): Promise<void> {
    this.serviceNames = ['', ...serviceNames];
    await this.refresh();
    this.health.addToServer({
      addService: (definition, implementation: UntypedServiceImplementation) =>
        server.addService(definition, { ...implementation, check: this.refreshedFirst(implementation.check) }),
    });
    this.refresher = setInterval(() => void this.refresh(), REFRESH_EVERY_MS).unref();
  }

  markStopping(): void {
    this.stopping = true;
    clearInterval(this.refresher);
    this.setAll('NOT_SERVING');
  }

  private refreshedFirst(check: UntypedHandleCall): UntypedHandleCall {
    const handler = check as (call: unknown, callback: unknown) => void;
    return ((call: unknown, callback: unknown) => {
      void this.refresh().then(() => handler(call, callback));
    }) as UntypedHandleCall;
  }

  private async refresh(): Promise<void> {
    if (this.stopping) return;
    try {
      await withinTimeout(this.readiness.execute(), this.options.requestTimeoutMs);
      if (!this.stopping) this.setAll('SERVING');
    } catch {
      if (!this.stopping) this.setAll('NOT_SERVING');
    }
  }

  private setAll(status: ServingStatus): void {
    for (const name of this.serviceNames) this.health.setStatus(name, status);
  }
}
