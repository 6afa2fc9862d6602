export type ExternalService = 'MONGODB' | 'RABBITMQ';

/**
 * `describe` for tests that need an external service. When the service is unreachable the tests are skipped with the
 * reason in their title, except under CI (`CI=true`), where the missing service fails the run.
 */
export function describeWithService(service: ExternalService, name: string, tests: () => void): void {
  const status = process.env[`SERVICE_${service}`] ?? 'not probed (run the tests through jest.config.js)';
  if (status === 'up') {
    describe(name, tests);
  } else if (process.env.CI === 'true') {
    describe(name, () => {
      it(`needs ${service}`, () => {
        throw new Error(`${service} is required under CI: ${status}`);
      });
    });
  } else {
    describe.skip(`${name} [skipped: ${status}]`, tests);
  }
}
