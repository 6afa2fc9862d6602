import {
  BeforeApplicationShutdown,
  Inject,
  Logger,
  Module,
  OnApplicationBootstrap,
  Optional,
} from '@nestjs/common';
import { Registry } from 'prom-client';
import { AddMemberUseCase } from '../../application/use-cases/add-member.use-case';
import { CheckReadinessUseCase } from '../../application/use-cases/check-readiness.use-case';
import { CreateGroupUseCase } from '../../application/use-cases/create-group.use-case';
import { DeleteGroupUseCase } from '../../application/use-cases/delete-group.use-case';
import { RemoveMemberUseCase } from '../../application/use-cases/remove-member.use-case';
import { GroupUpdateCodec } from '../../presentation/amqp/group-update.codec';
import { GroupUpdateDispatcher } from '../../presentation/amqp/group-update.dispatcher';
import { GroupUpdatesConsumer } from '../../presentation/amqp/group-updates.consumer';
import { prometheusGroupUpdatesObserver } from '../../presentation/amqp/group-updates.metrics';
import { AppConfig } from '../config/app-config';

const GROUP_UPDATES_CONSUMER = Symbol('GroupUpdatesConsumer');

/**
 * The AMQP adapter: consumes the user service's group updates when a broker is configured (AMQP_URL or
 * RABBITMQ_HOST); without one the service runs on its own and says so.
 */
@Module({
  providers: [
    {
      provide: GROUP_UPDATES_CONSUMER,
      inject: [AppConfig, CreateGroupUseCase, AddMemberUseCase, RemoveMemberUseCase, DeleteGroupUseCase, Registry],
      useFactory: (
        { amqp }: AppConfig,
        createGroup: CreateGroupUseCase,
        addMember: AddMemberUseCase,
        removeMember: RemoveMemberUseCase,
        deleteGroup: DeleteGroupUseCase,
        registry: Registry,
      ): GroupUpdatesConsumer | null => {
        if (!amqp) return null;
        return new GroupUpdatesConsumer(
          new GroupUpdateCodec(),
          new GroupUpdateDispatcher(createGroup, addMember, removeMember, deleteGroup),
          {
            url: amqp.url,
            brokerLabel: amqp.label,
            topology: {
              queue: amqp.queue,
              previousQueue: amqp.previousQueue,
              deadLetterExchange: amqp.deadLetter.exchange,
              deadLetterQueue: amqp.deadLetter.queue,
            },
            prefetch: amqp.prefetch,
            maxBodyBytes: amqp.maxBodyBytes,
            retry: amqp.retry,
            observer: prometheusGroupUpdatesObserver(registry),
          },
        );
      },
    },
  ],
})
export class AmqpModule implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(AmqpModule.name);

  constructor(
    @Optional() @Inject(GROUP_UPDATES_CONSUMER) private readonly consumer: GroupUpdatesConsumer | null,
    private readonly readiness: CheckReadinessUseCase,
  ) {}

  /** After every module is ready: a message may arrive as soon as the consumer starts. */
  onApplicationBootstrap(): void {
    if (!this.consumer) {
      this.logger.log('no broker configured (AMQP_URL, RABBITMQ_HOST): group updates from a user service are not consumed');
      return;
    }
    const consumer = this.consumer;
    consumer.start();
    // With a broker configured, an instance that cannot consume is not ready: group updates would pile up unseen.
    this.readiness.register({ name: 'broker', check: () => consumer.checkConsuming() });
  }

  /**
   * Before the event store closes (EventStoreModule, onApplicationShutdown): stop taking messages and finish those
   * in hand, so that every acknowledged update is stored.
   */
  async beforeApplicationShutdown(): Promise<void> {
    await this.consumer?.stop();
  }
}
