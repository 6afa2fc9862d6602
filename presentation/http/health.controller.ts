import { Controller, Get, Logger } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { CheckReadinessUseCase } from '../../application/use-cases/check-readiness.use-case';

/**
 * Liveness and readiness, for orchestrators:
 * - `GET /health/live`: 200 while the process answers at all (restart it when this fails);
 * - `GET /health/ready` (and `GET /health`, its older name): 200 while the event store answers, and the broker when one
 *   is configured; 503 naming what is down (send it no traffic meanwhile).
 */
@Controller('health')
export class HealthController {
  private readonly logger = new Logger('readiness');
  /** The names of what the last poll found down: a change is logged once, however often probes poll. */
  private lastDown = '';

  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: CheckReadinessUseCase,
  ) {}

  @Get('live')
  @HealthCheck()
  live() {
    return this.health.check([async () => this.indicators.check('process').up({ uptimeSeconds: Math.round(process.uptime()) })]);
  }

  @Get()
  @HealthCheck()
  legacyHealth() {
    return this.ready();
  }

  @Get('ready')
  @HealthCheck()
  async ready() {
    const statuses = await this.readiness.report();
    // Logged when what is down changes (by name: a reason may change from poll to poll), not on every poll.
    const failing = statuses.filter((status) => !status.up);
    const down = failing.map((status) => status.name).join(',');
    if (down !== this.lastDown) {
      if (down) this.logger.warn({ msg: 'not ready', down: failing.map((status) => `${status.name}: ${status.reason}`).join('; ') });
      else this.logger.log({ msg: 'ready again' });
      this.lastDown = down;
    }
    return this.health.check(
      statuses.map((status) => async () => {
        const indicator = this.indicators.check(status.name);
        return status.up ? indicator.up() : indicator.down({ message: status.reason });
      }),
    );
  }
}
