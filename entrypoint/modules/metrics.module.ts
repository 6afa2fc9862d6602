import { Global, Module } from '@nestjs/common';
import { collectDefaultMetrics, Registry } from 'prom-client';
import { MetricsController } from '../../presentation/http/metrics.controller';
import { EVENT_LOOP_MONITOR_INTERVAL_MS } from './event-loop-monitor';

/**
 * One Prometheus registry per application, injected by its class wherever something is measured. Not prom-client's
 * global default registry: two applications in one process (as in tests) must not share or clash over metrics.
 */
@Global()
@Module({
  providers: [
    {
      provide: Registry,
      useFactory: () => {
        const registry = new Registry();
        collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: EVENT_LOOP_MONITOR_INTERVAL_MS });
        return registry;
      },
    },
  ],
  controllers: [MetricsController],
  exports: [Registry],
})
export class MetricsModule {}
