import { readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = join(__dirname, '..', '..', '..');
const read = (file: string) => readFileSync(join(root, file), 'utf8');
/** Measured with it (docs/performance.md): without it, old-space collections broke p99 on families of 4. */
const FLAG = '--max-semi-space-size=64';

describe('the commands that start the service', () => {
  it('give node the young generation the benchmark measured: npm start, npm run start:prod, the Dockerfile, the benchmark', () => {
    const scripts = (JSON.parse(read('package.json')) as { scripts: Record<string, string> }).scripts;
    expect(scripts.start).toMatch(new RegExp(`node ${FLAG} dist/entrypoint/main\\.js$`));
    expect(scripts['start:prod']).toBe(`node ${FLAG} dist/entrypoint/main.js`);
    expect(read('Dockerfile')).toContain(`CMD ["node", "${FLAG}", "dist/entrypoint/main.js"]`);
    expect(read('bench/processes.ts')).toContain(`SERVICE_NODE_FLAGS = ['${FLAG}']`);
  });
});
