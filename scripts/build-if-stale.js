#!/usr/bin/env node
// `npm start` runs this first: it builds only when a source, a schema or the build's settings changed since the last
// build, so that a second start does not wait for the compiler. `npm run build` ends with `--stamp`, which records
// that the build is current.
const { execSync } = require('node:child_process');
const { existsSync, readdirSync, statSync, writeFileSync } = require('node:fs');
const { join } = require('node:path');

const root = join(__dirname, '..');
const stamp = join(root, 'dist', '.built');
const sources = ['domain', 'application', 'infrastructure', 'presentation', 'entrypoint', 'scripts'];
const settings = ['package.json', 'package-lock.json', 'tsconfig.json', 'tsconfig.build.json'];

function newestIn(path) {
  const stats = statSync(path);
  if (!stats.isDirectory()) return stats.mtimeMs;
  return readdirSync(path).reduce((newest, name) => Math.max(newest, newestIn(join(path, name))), stats.mtimeMs);
}

if (process.argv.includes('--stamp')) {
  writeFileSync(stamp, `${new Date().toISOString()}\n`);
  process.exit(0);
}

const built = existsSync(stamp) ? statSync(stamp).mtimeMs : 0;
const newest = Math.max(...[...sources, ...settings].map((name) => join(root, name)).filter(existsSync).map(newestIn));
if (newest > built) execSync('npm run build', { cwd: root, stdio: 'inherit' });
