import { Duplex } from 'node:stream';

/**
 * Holds a socket's writes until the current job and its microtasks are done, then sends them in one system call:
 * what one stored batch causes for one socket (a publication pushed to a subscriber, then the reply to the same
 * client's publish) goes out together instead of as one write each. Nothing waits for a timer.
 */
export class TickCorking {
  private readonly corked = new Set<Duplex>();
  private scheduled = false;

  /** Corks `socket` until the end of this tick; call before each write. */
  hold(socket: Duplex): void {
    if (this.corked.has(socket)) return;
    socket.cork();
    this.corked.add(socket);
    if (!this.scheduled) {
      this.scheduled = true;
      // After the microtask queue: the replies a stored batch settles are written in it, after its pushes.
      process.nextTick(this.release);
    }
  }

  private readonly release = (): void => {
    this.scheduled = false;
    for (const socket of this.corked) socket.uncork();
    this.corked.clear();
  };
}
