import { Duplex } from 'node:stream';

const corked = new Set<Duplex>();
let uncorkScheduled = false;

/**
 * Holds a socket's writes until the end of the current tick, so that the frames it gets meanwhile (a burst of a
 * group's messages stored in one append, presence frames while many members connect) leave in one `writev` rather
 * than one system call each. `ws` corks around each frame itself; corks nest, so its frames collect behind this one.
 */
export function corkUntilEndOfTick(socket: Duplex): void {
  if (corked.has(socket)) return;
  socket.cork();
  corked.add(socket);
  if (!uncorkScheduled) {
    uncorkScheduled = true;
    process.nextTick(uncorkAll);
  }
}

function uncorkAll(): void {
  uncorkScheduled = false;
  for (const socket of corked) socket.uncork();
  corked.clear();
}
