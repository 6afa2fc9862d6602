import 'reflect-metadata';
import { AppConfig } from '../../../entrypoint/config/app-config';
import { validateEnvironment } from '../../../entrypoint/config/environment';
import { startService } from '../../support/service-process';
import { describeWithService } from '../../support/services';
import { uniqueQueues, UserServiceBroker } from '../../support/user-service-broker';

// Each test starts the service (or a consumer) and waits, with deadlines of its own, for effects on a real broker;
// on a busy machine that takes longer than jest's default 5 s.
jest.setTimeout(60_000);

const amqpOf = (env: Record<string, string>) => new AppConfig(validateEnvironment(env)).amqp;

describe('the broker settings', () => {
  it('are absent when neither AMQP_URL nor RABBITMQ_HOST is set: the service runs without a broker', () => {
    expect(amqpOf({})).toBeUndefined();
  });

  it("build the URL from position-pal's RABBITMQ_* settings, escaping what a URL cannot hold as is", () => {
    const amqp = amqpOf({
      RABBITMQ_HOST: 'rabbit',
      RABBITMQ_PORT: '5673',
      RABBITMQ_VIRTUAL_HOST: 'chat/prod',
      RABBITMQ_USERNAME: 'chat service',
      RABBITMQ_PASSWORD: 'p@ss:word/1',
      USER_SERVICE_EVENT_QUEUE: 'groups',
    });
    expect(amqp?.url).toBe('amqp://chat%20service:p%40ss%3Aword%2F1@rabbit:5673/chat%2Fprod');
    expect(amqp?.label).toBe('amqp://rabbit:5673/chat%2Fprod');
    expect(amqp?.queue).toBe('groups');
  });

  it('send the default virtual host "/" as %2F, and prefer AMQP_URL when both are set', () => {
    expect(amqpOf({ RABBITMQ_HOST: 'rabbit' })?.url).toBe('amqp://guest:guest@rabbit:5672/%2F');
    expect(amqpOf({ RABBITMQ_HOST: 'rabbit', AMQP_URL: 'amqp://u:p@elsewhere:5672/v' })?.url).toBe(
      'amqp://u:p@elsewhere:5672/v',
    );
  });
});

describeWithService('RABBITMQ', 'the service given RABBITMQ_* settings', () => {
  it('connects with them and consumes the queue USER_SERVICE_EVENT_QUEUE names', async () => {
    const broker = await UserServiceBroker.connect();
    const queues = uniqueQueues('chat-amqp-settings-test');
    const host = new URL(process.env.AMQP_URL ?? `amqp://${process.env.RABBITMQ_HOST ?? '127.0.0.1'}`).hostname;
    const service = await startService({
      RABBITMQ_HOST: host,
      RABBITMQ_PORT: process.env.RABBITMQ_PORT ?? '5672',
      USER_SERVICE_EVENT_QUEUE: queues.queue,
      AMQP_DEAD_LETTER_EXCHANGE: queues.deadLetterExchange,
      AMQP_DEAD_LETTER_QUEUE: queues.deadLetterQueue,
    });
    try {
      await broker.waitForConsumer(queues.queue);
    } finally {
      expect(await service.stop()).toEqual({ code: 0, signal: null });
      await broker.deleteQueues(queues).catch(() => undefined);
      await broker.close();
    }
  });
});
