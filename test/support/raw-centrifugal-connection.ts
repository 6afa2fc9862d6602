import { WebSocket } from 'ws';
import { endpointOf } from './centrifuge-clients';
import { RunningService } from './service-process';

/** A client protocol connection driven by hand, frame by frame, as a buggy or hostile client would. */
export class RawConnection {
  readonly replies: any[] = [];
  readonly closed: Promise<{ code: number; reason: string }>;
  private constructor(readonly socket: WebSocket) {
    socket.on('message', (data) => {
      for (const line of String(data).split('\n')) if (line.trim() !== '') this.replies.push(JSON.parse(line));
    });
    this.closed = new Promise((resolve) => socket.once('close', (code, reason) => resolve({ code, reason: reason.toString() })));
    socket.on('error', () => undefined);
  }

  static async open(service: RunningService): Promise<RawConnection> {
    const connection = new RawConnection(new WebSocket(endpointOf(service.httpUrl)));
    await new Promise((resolve, reject) => {
      connection.socket.once('open', resolve);
      connection.socket.once('error', reject);
    });
    return connection;
  }

  send(frame: string | Buffer, binary = false): void {
    this.socket.send(frame, { binary });
  }

  async reply(id: number): Promise<any> {
    const deadline = Date.now() + 10_000;
    for (;;) {
      const found = this.replies.find((reply) => reply.id === id);
      if (found) return found;
      if (Date.now() > deadline) throw new Error(`no reply ${id}; got ${JSON.stringify(this.replies)}`);
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }
}
