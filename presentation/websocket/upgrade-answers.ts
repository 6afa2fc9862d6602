import { Duplex } from 'node:stream';

/** Answers an upgrade that will not become a socket with a plain HTTP status, then hangs up. */
export function rejectUpgrade(socket: Duplex, status: number, text: string): void {
  // An upgrade socket comes without an 'error' listener: a client resetting it now would crash the process.
  socket.on('error', ignore);
  socket.end(`HTTP/1.1 ${status} ${text}\r\nConnection: close\r\nContent-Length: 0\r\n\r\n`);
}

/** The path of an upgrade request, or undefined when its URL does not parse. */
export function upgradePath(url: string | undefined): string | undefined {
  try {
    return new URL(url ?? '/', 'ws://localhost').pathname;
  } catch {
    return undefined;
  }
}

function ignore(): void {}
