import { once } from 'node:events';
import { createServer, IncomingMessage, Server, ServerResponse } from 'node:http';
import { CheckReadinessUseCase, DependencyStatus } from '../../application/use-cases/check-readiness.use-case';

const ROUTES = new Set(['/ready', '/alive']);
const METHODS = new Set(['GET', 'HEAD']);

/**
 * The probe port of position-pal's Helm chart (its Akka management port): `GET /ready` and `GET /alive`, nothing
 * else. Readiness is `CheckReadinessUseCase`'s decision, the one `GET /health/ready` serves on the HTTP port.
 *
 * Plain node:http rather than a second Nest application: two fixed routes need no pipes, guards or body parsing, and
 * a second application would build a module graph of its own (another event store, another readiness list that the
 * AMQP adapter never registers with) unless the providers were shared by hand.
 */
export class ManagementServer {
  private readonly server: Server;

  constructor(private readonly readiness: CheckReadinessUseCase) {
    this.server = createServer((request, response) => void this.answer(request, response));
  }

  /** Rejects (EADDRINUSE, EACCES) when the port cannot be had. */
  async listen(host: string, port: number): Promise<void> {
    this.server.listen(port, host);
    await once(this.server, 'listening'); // rejects on the server's 'error' instead
  }

  /** Stops accepting; since Node 19, close() also ends idle keep-alive connections rather than waiting for them. */
  async close(): Promise<void> {
    if (!this.server.listening) return;
    await new Promise<void>((resolve) => this.server.close(() => resolve()));
  }

  private async answer(request: IncomingMessage, response: ServerResponse): Promise<void> {
    // The query string is not part of the route: a probe configured with one still reaches it.
    const path = (request.url ?? '').split('?', 1)[0];
    if (!ROUTES.has(path)) return send(response, 404, { error: 'not found: this port serves GET /ready and GET /alive' });
    if (!METHODS.has(request.method ?? '')) {
      response.setHeader('allow', 'GET, HEAD');
      return send(response, 405, { error: 'method not allowed: use GET or HEAD' });
    }
    if (path === '/alive') return send(response, 200, { alive: true });
    let down: DependencyStatus[];
    try {
      down = (await this.readiness.report()).filter((status) => !status.up);
    } catch {
      // Answered, never left to reject: an unhandled rejection would end the process.
      return send(response, 503, { ready: false, down: { readiness: 'the checks could not be run' } });
    }
    if (down.length === 0) return send(response, 200, { ready: true });
    send(response, 503, { ready: false, down: Object.fromEntries(down.map((status) => [status.name, status.reason])) });
  }
}

/** Node leaves the body out of a HEAD answer by itself; its length is still announced. */
function send(response: ServerResponse, status: number, body: object): void {
  const text = JSON.stringify(body);
  response.writeHead(status, { 'content-type': 'application/json', 'content-length': Buffer.byteLength(text) });
  response.end(text);
}
