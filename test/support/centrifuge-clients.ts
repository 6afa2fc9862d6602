import { Centrifuge, PublicationContext, Subscription, SubscriptionOptions } from 'centrifuge';
import { sign } from 'jsonwebtoken';
import { WebSocket } from 'ws';

/** The HMAC secret the client protocol tests sign tokens with (AUTH_JWT_HMAC_SECRET of the service under test). */
export const TEST_SECRET = 'a-test-secret-of-at-least-32-characters!';

/** A connection token for `user`, signed as an identity provider would sign it. */
export function tokenFor(user: string, { expiresInSeconds = 3600, secret = TEST_SECRET } = {}): string {
  return sign({ sub: user }, secret, { algorithm: 'HS256', expiresIn: expiresInSeconds });
}

export function endpointOf(httpUrl: string): string {
  return `${httpUrl.replace(/^http/, 'ws')}/connection/websocket`;
}

/**
 * The real `centrifuge` SDK (centrifuge-js) in Node, with `ws` as its WebSocket, recording what it is told: each
 * subscription's publications, join and leave events, and every state change, for tests to wait on.
 */
export class RecordingClient {
  readonly client: Centrifuge;
  readonly events: { readonly event: string; readonly ctx: any }[] = [];
  private wake?: () => void;

  constructor(endpoint: string, options: ConstructorParameters<typeof Centrifuge>[1] = {}) {
    this.client = new Centrifuge(endpoint, { websocket: WebSocket, minReconnectDelay: 100, maxReconnectDelay: 1000, timeout: 10_000, ...options });
    for (const event of ['connecting', 'connected', 'disconnected', 'error'] as const) {
      this.client.on(event, (ctx: unknown) => this.record(`client.${event}`, ctx));
    }
  }

  subscribe(channel: string, options: Partial<SubscriptionOptions> = {}): Subscription {
    const subscription = this.client.newSubscription(channel, options);
    for (const event of ['subscribing', 'subscribed', 'unsubscribed', 'publication', 'join', 'leave', 'error'] as const) {
      subscription.on(event, (ctx: unknown) => this.record(`${channel}.${event}`, ctx));
    }
    subscription.subscribe();
    return subscription;
  }

  connect(): void {
    this.client.connect();
  }

  disconnect(): void {
    this.client.disconnect();
  }

  /** The texts of the publications of `channel` received so far, in order. */
  texts(channel: string): string[] {
    return this.of(`${channel}.publication`).map((ctx: PublicationContext) => (ctx.data as { text: string }).text);
  }

  of(event: string): any[] {
    return this.events.filter((entry) => entry.event === event).map((entry) => entry.ctx);
  }

  /** Resolves with the `count`-th event named `event` (1 = the first) once it came. */
  async nth(event: string, count = 1, timeoutMs = 15_000): Promise<any> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const found = this.of(event);
      if (found.length >= count) return found[count - 1];
      const remaining = deadline - Date.now();
      if (remaining <= 0) throw new Error(`no ${count} x ${event} within ${timeoutMs} ms; got: ${this.events.map((entry) => entry.event).join(', ')}`);
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, Math.min(remaining, 200));
        this.wake = () => {
          clearTimeout(timer);
          resolve();
        };
      });
    }
  }

  private record(event: string, ctx: unknown): void {
    this.events.push({ event, ctx });
    this.wake?.();
  }
}
