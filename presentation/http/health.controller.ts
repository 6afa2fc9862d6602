import { Controller, Get } from '@nestjs/common';
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
    return this.health.check(
      statuses.map((status) => async () => {
        const indicator = this.indicators.check(status.name);
        return status.up ? indicator.up() : indicator.down({ message: status.reason });
      }),
    );
  }
}
