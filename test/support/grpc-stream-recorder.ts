import { ClientReadableStream, ServiceError } from '@grpc/grpc-js';

/**
 * Records what a server stream delivers, in arrival order, for tests: `waitForItems` resolves once enough items came,
 * `ended` with how the stream finished (its status code; 0 for OK).
 */
export class StreamRecorder<Item> {
  readonly items: Item[] = [];
  readonly ended: Promise<{ code: number; details: string }>;
  /** Resolves when the server sent the stream's headers. */
  readonly headersReceived: Promise<void>;
  private wake?: () => void;

  constructor(readonly stream: ClientReadableStream<Item>) {
    this.headersReceived = new Promise((resolve) => stream.once('metadata', () => resolve()));
    stream.on('data', (item: Item) => {
      this.items.push(item);
      this.wake?.();
    });
    this.ended = new Promise((resolve) => {
      stream.once('status', ({ code, details }) => resolve({ code, details }));
      stream.on('error', (error: ServiceError) => resolve({ code: error.code, details: error.details }));
    });
  }

  /** The items received once there are at least `count` of them; rejects if the stream ends first. */
  async waitForItems(count: number, matching: (item: Item) => boolean = () => true): Promise<Item[]> {
    let ended = false;
    void this.ended.then(() => {
      ended = true;
      this.wake?.();
    });
    for (;;) {
      const matched = this.items.filter(matching);
      if (matched.length >= count) return matched;
      if (ended) throw new Error(`the stream ended after ${matched.length} of ${count} items: ${JSON.stringify(await this.ended)}`);
      await new Promise<void>((resolve) => (this.wake = resolve));
    }
  }
}
