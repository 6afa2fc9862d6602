/** Unit tests (pure, in memory) and integration tests (real disk, MongoDB, RabbitMQ, the running service). */
const transform = { '^.+\\.ts$': 'ts-jest' };

module.exports = {
  globalSetup: '<rootDir>/test/support/global-setup.ts',
  projects: [
    {
      displayName: 'unit',
      testMatch: ['<rootDir>/test/unit/**/*.spec.ts'],
      transform,
      testEnvironment: 'node',
    },
    {
      displayName: 'integration',
      testMatch: ['<rootDir>/test/integration/**/*.spec.ts'],
      transform,
      testEnvironment: 'node',
      slowTestThreshold: 20,
    },
  ],
};
