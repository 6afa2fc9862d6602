import { Inject, Module, OnModuleDestroy, Optional } from '@nestjs/common';
import { CheckReadinessUseCase } from '../../application/use-cases/check-readiness.use-case';
import { ManagementServer } from '../../presentation/http/management-server';
import { AppConfig } from '../config/app-config';
import { StartupError } from '../startup.error';

const MANAGEMENT_SERVER = Symbol('ManagementServer');

/** The probe server on MANAGEMENT_PORT (position-pal's /ready and /alive); none when it is 0. */
@Module({
  providers: [
    {
      provide: MANAGEMENT_SERVER,
      inject: [AppConfig, CheckReadinessUseCase],
      useFactory: (config: AppConfig, readiness: CheckReadinessUseCase): ManagementServer | null =>
        config.management ? new ManagementServer(readiness) : null,
    },
  ],
})
export class ManagementModule implements OnModuleDestroy {
  constructor(
    private readonly config: AppConfig,
    @Optional() @Inject(MANAGEMENT_SERVER) private readonly server: ManagementServer | null,
  ) {}

  /**
   * Called by main.ts once HTTP and gRPC listen, not from a bootstrap hook (which runs before HTTP listens): a 200
   * from /ready then means every port of the instance answers.
   */
  async listen(): Promise<void> {
    if (!this.server || !this.config.management) return;
    const { host, port } = this.config.management;
    try {
      await this.server.listen(host, port);
    } catch (error) {
      const reason = error instanceof Error ? error.message : String(error);
      throw new StartupError(`MANAGEMENT_PORT=${port}: the management server cannot listen on ${host}:${port}: ${reason}`);
    }
  }

  /** First of the shutdown hooks: probes stop being answered, so the instance counts as gone while it drains. */
  async onModuleDestroy(): Promise<void> {
    await this.server?.close();
  }
}
