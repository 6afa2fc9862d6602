import { Counter, Gauge, Histogram, Registry } from 'prom-client';

/** What the chat sockets report as they deliver frames; the Prometheus implementation is below. */
export interface ChatSocketObserver {
  /** Frames written to sockets, counted once per recipient socket (a burst of 3 frames to 10 sockets is 30). */
  delivered(frames: number): void;
  /** A stored message reached every socket of its group on this instance; `recordedAt` is when it was stamped. */
  fannedOut(recordedAt: string): void;
  /** A client's frame was not stored: `code` says why (EMPTY_MESSAGE, BINARY_FRAME, STORE_UNAVAILABLE...). */
  refused(code: string): void;
}

export interface SocketCounts {
  readonly connections: number;
  readonly onlineMembers: number;
}

/** `counts` is read at each scrape, so the gauges never drift from the sockets actually open. */
export function prometheusChatSocketObserver(registry: Registry, counts: () => SocketCounts): ChatSocketObserver {
  new Gauge({
    name: 'chat_websocket_connections',
    help: 'Open chat sockets on this instance',
    registers: [registry],
    collect() {
      this.set(counts().connections);
    },
  });
  new Gauge({
    name: 'chat_online_members',
    help: 'Members with at least one open socket on this instance, summed over groups',
    registers: [registry],
    collect() {
      this.set(counts().onlineMembers);
    },
  });
  const frames = new Counter({
    name: 'chat_websocket_frames_delivered_total',
    help: 'Frames written to chat sockets (one per recipient socket)',
    registers: [registry],
  });
  const fanOut = new Histogram({
    name: 'chat_fanout_latency_seconds',
    help: 'From the moment a message is stamped, just before its durable append, until its frame is written to every socket',
    buckets: [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1],
    registers: [registry],
  });
  const refusedFrames = new Counter({
    name: 'chat_websocket_frames_refused_total',
    help: 'Frames from chat clients that were not stored, by reason (a v1 client is sent nothing for them)',
    labelNames: ['code'],
    registers: [registry],
  });
  // Under load most messages fanned out together were stamped in the same millisecond: parse each stamp once.
  let lastStamp = '';
  let lastStampMs = 0;
  return {
    delivered: (count) => frames.inc(count),
    refused: (code) => refusedFrames.inc({ code }),
    fannedOut: (recordedAt) => {
      if (recordedAt !== lastStamp) (lastStamp = recordedAt), (lastStampMs = Date.parse(recordedAt));
      fanOut.observe(Math.max(0, Date.now() - lastStampMs) / 1000);
    },
  };
}
