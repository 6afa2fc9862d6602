// tsc emits only JavaScript; the schemas that adapters load at run time (.proto for gRPC, .avsc for AMQP) must sit
// beside their compiled modules in dist/, so that `join(__dirname, ...)` finds them in the built service as in tests.
const { cpSync, existsSync, statSync } = require('node:fs');
const { extname, join } = require('node:path');

const ASSETS = new Set(['.proto', '.avsc']);
const root = join(__dirname, '..');
const source = join(root, 'presentation');
const target = join(root, 'dist', 'presentation');

if (existsSync(source)) {
  cpSync(source, target, {
    recursive: true,
    filter: (path) => statSync(path).isDirectory() || ASSETS.has(extname(path)),
  });
}
