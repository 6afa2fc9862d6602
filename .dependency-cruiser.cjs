/**
 * The layer rule: dependencies point inward only.
 *   domain <- application <- infrastructure, presentation <- entrypoint
 * `npm run lint` and `.ci/run` fail on any violation.
 */
const EXTERNAL = ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-bundled', 'npm-no-pkg', 'npm-unknown', 'core'];

module.exports = {
  forbidden: [
    {
      name: 'domain-is-pure',
      comment: 'domain/ is plain TypeScript: no other layer, no framework, no library, no Node API (no I/O).',
      severity: 'error',
      from: { path: '^domain/' },
      to: { pathNot: '^domain/' },
    },
    {
      name: 'application-depends-on-domain-only',
      comment: 'application/ holds use cases and the ports they need; adapters implement the ports, never the reverse.',
      severity: 'error',
      from: { path: '^application/' },
      to: { path: '^(infrastructure|presentation|entrypoint)/' },
    },
    {
      name: 'application-is-framework-free',
      comment: 'application/ must not depend on Nest or any library: it is wired by entrypoint/ with plain constructors.',
      severity: 'error',
      from: { path: '^application/' },
      to: { dependencyTypes: EXTERNAL },
    },
    {
      name: 'infrastructure-does-not-face-the-world',
      comment: 'infrastructure/ implements ports; it knows nothing of the adapters that face clients, nor of the wiring.',
      severity: 'error',
      from: { path: '^infrastructure/' },
      to: { path: '^(presentation|entrypoint)/' },
    },
    {
      name: 'presentation-goes-through-use-cases',
      comment: 'presentation/ only translates: it calls use cases and ports, never an implementation of a port.',
      severity: 'error',
      from: { path: '^presentation/' },
      to: { path: '^(infrastructure|entrypoint)/' },
    },
    {
      name: 'no-orphans',
      comment:
        'A module nothing imports is dead code, unless it is a process of its own, or the in-memory store that the ' +
        'unit tests run the use cases on (test/ is not cruised).',
      severity: 'error',
      from: {
        orphan: true,
        pathNot: ['\\.d\\.ts$', '^entrypoint/(main|import-groups)\\.ts$', '^infrastructure/event-store/memory/'],
      },
      to: {},
    },
    {
      name: 'not-to-dev-dep',
      comment: 'What the service runs must be in dependencies: the image installs no devDependencies.',
      severity: 'error',
      from: { path: '^(domain|application|infrastructure|presentation|entrypoint)/' },
      to: { dependencyTypes: ['npm-dev'] },
    },
    {
      name: 'no-circular',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsConfig: { fileName: 'tsconfig.build.json' },
    tsPreCompilationDeps: true,
    exclude: { path: '^(dist|test)/' },
  },
};
