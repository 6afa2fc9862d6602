import { describeWithService } from '../../support/services';
import { freePort, runServiceToExit, startService } from '../../support/service-process';

describe('the service process', () => {
  it('serves GET /health on HTTP_PORT with the embedded store and stops cleanly on SIGTERM', async () => {
    const service = await startService();
    const response = await fetch(`${service.httpUrl}/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ status: 'ok', info: { eventStore: { status: 'up' } } });
    expect(await service.stop('SIGTERM')).toEqual({ code: 0, signal: null });
  });

  it('stops cleanly on SIGINT too', async () => {
    const service = await startService();
    expect(await service.stop('SIGINT')).toEqual({ code: 0, signal: null });
  });

  it('refuses to start on an invalid setting, naming the variable and what is wrong', async () => {
    const { code, output } = await runServiceToExit({ HTTP_PORT: '70000', LOG_LEVEL: 'chatty' });
    expect(code).toBe(1);
    expect(output).toContain('HTTP_PORT="70000": HTTP_PORT must not be greater than 65535');
    expect(output).toContain('LOG_LEVEL="chatty": LOG_LEVEL must be one of the following values');
    expect(output).not.toContain('    at '); // a plain message, not a stack trace
  });

  it('refuses to start when the embedded store is already in use by another instance', async () => {
    const first = await startService();
    const { code, output } = await runServiceToExit({ DATA_DIR: first.dataDir, HTTP_PORT: `${await freePort()}` });
    expect(code).toBe(1);
    expect(output).toContain('cannot open the embedded store');
    await first.stop();
  });
});

describeWithService('MONGODB', 'the service process on MongoDB', () => {
  it('serves GET /health with the MongoDB store', async () => {
    const service = await startService({ MONGODB_URL: process.env.MONGODB_URL!, MONGODB_DATABASE: 'chat-e2e' });
    const response = await fetch(`${service.httpUrl}/health`);
    expect(response.status).toBe(200);
    expect(await service.stop()).toEqual({ code: 0, signal: null });
  });

  it('refuses to start when MongoDB cannot be reached, and says so', async () => {
    const { code, output } = await runServiceToExit({
      MONGODB_URL: 'mongodb://127.0.0.1:1/?directConnection=true',
      MONGODB_TIMEOUT_MS: '300',
      HTTP_PORT: `${await freePort()}`,
    });
    expect(code).toBe(1);
    expect(output).toContain('MongoDB cannot be reached');
  });
});
