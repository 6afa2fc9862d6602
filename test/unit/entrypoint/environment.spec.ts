import 'reflect-metadata';
import { AppConfig } from '../../../entrypoint/config/app-config';
import { InvalidEnvironmentError, validateEnvironment } from '../../../entrypoint/config/environment';

describe('environment', () => {
  it('runs on the embedded store with the position-pal ports when nothing is set', () => {
    const config = new AppConfig(validateEnvironment({}));
    expect(config.http.port).toBe(8081);
    expect(config.grpc.port).toBe(5052);
    expect(config.store).toEqual({ kind: 'embedded', dataDir: './data', durability: { mode: 'written', syncIntervalMs: 100, groupCommitMs: 3 } });
  });

  it('takes the strict mode with its group commit window, and refuses a window over 100 ms', () => {
    const synced = new AppConfig(validateEnvironment({ DURABILITY: 'synced', DURABILITY_GROUP_COMMIT_MS: '0' }));
    expect(synced.store).toMatchObject({ kind: 'embedded', durability: { mode: 'synced', groupCommitMs: 0 } });
    expect(() => validateEnvironment({ DURABILITY_GROUP_COMMIT_MS: '101' })).toThrow(/DURABILITY_GROUP_COMMIT_MS/);
  });

  it('names a wrong URL without its credentials, and never shows a password', () => {
    const wrong = () => validateEnvironment({ AMQP_URL: 'http://chat:s3cret@broker:5672', RABBITMQ_PASSWORD: 42 });
    expect(wrong).toThrow(InvalidEnvironmentError);
    expect(wrong).toThrow('AMQP_URL="http://(credentials hidden)@broker:5672"');
    expect(wrong).not.toThrow(/s3cret/);
  });

  it('refuses a previous queue that is the queue itself', () => {
    expect(() => validateEnvironment({ USER_SERVICE_EVENT_QUEUE: 'q', USER_SERVICE_PREVIOUS_EVENT_QUEUE: 'q' })).toThrow(
      /USER_SERVICE_PREVIOUS_EVENT_QUEUE="q": names the queue to drain before USER_SERVICE_EVENT_QUEUE/,
    );
  });

  it('uses MongoDB when MONGODB_URL is set, and treats an empty one as not set', () => {
    expect(new AppConfig(validateEnvironment({ MONGODB_URL: 'mongodb://db:27017' })).store).toMatchObject({
      kind: 'mongodb',
      url: 'mongodb://db:27017',
      database: 'chat',
    });
    expect(new AppConfig(validateEnvironment({ MONGODB_URL: '' })).store.kind).toBe('embedded');
  });

  it("serves the probes on position-pal's management port 8558 by default, on HOST, and not at all with 0", () => {
    expect(new AppConfig(validateEnvironment({})).management).toEqual({ host: '0.0.0.0', port: 8558 });
    expect(new AppConfig(validateEnvironment({ HOST: '127.0.0.1', MANAGEMENT_PORT: '9558' })).management).toEqual({
      host: '127.0.0.1',
      port: 9558,
    });
    expect(new AppConfig(validateEnvironment({ MANAGEMENT_PORT: '0' })).management).toBeUndefined();
  });

  it('reads numbers strictly', () => {
    expect(validateEnvironment({ HTTP_PORT: '9000', MAX_MESSAGE_LENGTH: '200' })).toMatchObject({
      HTTP_PORT: 9000,
      MAX_MESSAGE_LENGTH: 200,
    });
  });

  it.each([
    ['HTTP_PORT', '70000', 'HTTP_PORT="70000": HTTP_PORT must not be greater than 65535'],
    ['GRPC_PORT', '80abc', 'GRPC_PORT="80abc": GRPC_PORT must be an integer number'],
    ['HTTP_PORT', '1e3', 'HTTP_PORT="1e3": HTTP_PORT must be an integer number'],
    ['MONGODB_URL', 'http://db', 'MONGODB_URL="http://db": MONGODB_URL must be a mongodb:// or mongodb+srv:// URL'],
    ['AMQP_URL', 'localhost', 'AMQP_URL="localhost": AMQP_URL must be an amqp:// or amqps:// URL'],
    ['LOG_LEVEL', 'loud', 'LOG_LEVEL="loud": LOG_LEVEL must be one of the following values'],
    ['SNAPSHOT_EVERY', '0', 'SNAPSHOT_EVERY="0": SNAPSHOT_EVERY must not be less than 1'],
    ['MANAGEMENT_PORT', '-1', 'MANAGEMENT_PORT="-1": MANAGEMENT_PORT must not be less than 0'],
    ['MANAGEMENT_PORT', '65536', 'MANAGEMENT_PORT="65536": MANAGEMENT_PORT must not be greater than 65535'],
    ['MANAGEMENT_PORT', 'off', 'MANAGEMENT_PORT="off": MANAGEMENT_PORT must be an integer number'],
    ['GRPC_PORT', '0', 'GRPC_PORT="0": GRPC_PORT must not be less than 1'],
  ])('refuses %s=%s and says which variable is wrong and why', (name, value, message) => {
    expect(() => validateEnvironment({ [name]: value })).toThrow(InvalidEnvironmentError);
    expect(() => validateEnvironment({ [name]: value })).toThrow(message);
  });

  it('names every wrong variable at once', () => {
    expect(() => validateEnvironment({ HTTP_PORT: '0', GRPC_PORT: 'x' })).toThrow(/HTTP_PORT[\s\S]*GRPC_PORT/);
  });
});
