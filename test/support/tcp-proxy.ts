import { once } from 'node:events';
import { createServer, Server, Socket, connect } from 'node:net';

/**
 * A TCP proxy in front of a real service, so that a test can make the service "go away" for the service under test
 * (and come back) without stopping the real one, which other tests may be using at the same time.
 */
export class TcpProxy {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  /** While set, every byte is dropped in both directions, and connections stay open: a black hole. */
  private swallowing = false;

  private constructor(
    readonly port: number,
    private readonly target: { host: string; port: number },
  ) {}

  static async start(target: { host: string; port: number }): Promise<TcpProxy> {
    const probe = createServer().listen(0, '127.0.0.1');
    await once(probe, 'listening');
    const { port } = probe.address() as { port: number };
    probe.close();
    await once(probe, 'close');
    const proxy = new TcpProxy(port, target);
    await proxy.open();
    return proxy;
  }

  /** Accepts connections again and relays them to the target. */
  async open(): Promise<void> {
    const server = createServer((client) => {
      const upstream = connect(this.target.port, this.target.host);
      for (const socket of [client, upstream]) {
        this.sockets.add(socket);
        socket.on('close', () => this.sockets.delete(socket));
        socket.on('error', () => undefined);
      }
      // By hand rather than pipe(): a black hole drops bytes without closing anything.
      client.on('data', (chunk) => this.swallowing || upstream.write(chunk));
      upstream.on('data', (chunk) => this.swallowing || client.write(chunk));
      client.on('close', () => upstream.destroy());
      upstream.on('close', () => client.destroy());
    });
    server.listen(this.port, '127.0.0.1');
    await once(server, 'listening');
    this.server = server;
  }

  /** Drops every byte from now on, keeping every connection open: the target goes silent without a reset. */
  blackhole(): void {
    this.swallowing = true;
  }

  /** Forwards again (a connection the client gave up on meanwhile is gone; new ones are relayed). */
  restore(): void {
    this.swallowing = false;
  }

  /** Cuts every connection and refuses new ones: to the service under test, the target is gone. */
  async cut(): Promise<void> {
    const server = this.server;
    this.server = undefined;
    for (const socket of this.sockets) socket.destroy();
    if (server) {
      server.close();
      await once(server, 'close');
    }
  }
}
