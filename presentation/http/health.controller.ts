import { Controller, Get } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService } from '@nestjs/terminus';
import { CheckReadinessUseCase } from '../../application/use-cases/check-readiness.use-case';

/** `GET /health`: 200 with `status: ok` while the event store answers, 503 with the reason when it does not. */
@Controller('health')
export class HealthController {
  constructor(
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly readiness: CheckReadinessUseCase,
  ) {}

  @Get()
  @HealthCheck()
  check() {
    return this.health.check([() => this.eventStore()]);
  }

  private async eventStore() {
    const indicator = this.indicators.check('eventStore');
    try {
      await this.readiness.execute();
      return indicator.up();
    } catch (error) {
      return indicator.down({ message: error instanceof Error ? error.message : String(error) });
    }
  }
}
