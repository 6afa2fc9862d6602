import { Duplex } from 'node:stream';

/**
 * Holds a socket's writes until the current job and its microtasks are done, then sends them in one system call:
 * what one stored batch causes for one socket (a publication pushed to a subscriber, then the reply to the same
 * client's publish) goes out together instead of as one write each. Nothing waits for a timer.
 */
export class TickCorking {
  // An array, not a Set: a long-lived Set that gains and loses entries every tick rebuilds its hash table in old
  // space, garbage only a full collection reclaims (docs/performance/history.md, "What stalled ours").
  private corked: Duplex[] = [];

  /** Corks `socket` until the end of this tick; call before each write. */
  hold(socket: Duplex): void {
    // Corked already means corked here this tick: writers that cork (ws does, around a frame's header and payload)
    // uncork before they return.
    if (socket.writableCorked > 0) return;
    socket.cork();
    // After the microtask queue: the replies a stored batch settles are written in it, after its pushes.
    if (this.corked.push(socket) === 1) process.nextTick(this.release);
  }

  private readonly release = (): void => {
    const sockets = this.corked;
    this.corked = [];
    for (const socket of sockets) {
      // One socket failing must not leave the others corked for good (hold would skip them from then on).
      try {
        socket.uncork();
      } catch {
        socket.destroy();
      }
    }
  };
}
