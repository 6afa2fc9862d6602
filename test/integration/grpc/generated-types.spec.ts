import { execFileSync } from 'node:child_process';
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { temporaryDirectory } from '../../support/temporary-directory';

const ROOT = join(__dirname, '..', '..', '..');
const COMMITTED = join(ROOT, 'presentation', 'grpc', 'generated');

function files(directory: string): Map<string, string> {
  const found = new Map<string, string>();
  const walk = (path: string): void => {
    if (statSync(path).isDirectory()) readdirSync(path).forEach((name) => walk(join(path, name)));
    else found.set(relative(directory, path), readFileSync(path, 'utf8'));
  };
  walk(directory);
  return found;
}

describe('the TypeScript types of the gRPC adapter', () => {
  it('are what scripts/generate-grpc-types.sh makes of the .proto files today (run it after editing a .proto)', () => {
    const scratch = temporaryDirectory('grpc-types');
    try {
      const script = readFileSync(join(ROOT, 'scripts', 'generate-grpc-types.sh'), 'utf8');
      const [, options] = /proto-loader-gen-types\.js \\\n([\s\S]*?)-O "\$out"/.exec(script)!;
      const args = options.replace(/\\\n/g, ' ').trim().split(/\s+/);
      execFileSync(
        process.execPath,
        [
          join(ROOT, 'node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js'),
          ...args,
          '-O',
          scratch.path,
          'chat/v1/chat.proto',
          'chatservice/chat_service.proto',
        ],
        { cwd: ROOT },
      );
      expect(files(COMMITTED)).toEqual(files(scratch.path));
    } finally {
      scratch.remove();
    }
  });
});
