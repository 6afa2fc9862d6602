import { RawConnection } from '../../support/raw-centrifugal-connection';
import { RunningService, startService } from '../../support/service-process';

jest.setTimeout(30_000);

const PING_INTERVAL_MS = 1000;

describe("the client protocol's (v2) keepalive", () => {
  let service: RunningService;

  beforeAll(async () => {
    service = await startService({ V2_PING_INTERVAL_MS: String(PING_INTERVAL_MS) });
  });
  afterAll(() => service?.stop());

  /** A connected session whose server pings (`{}`) are timed as they arrive; it answers them when `pong` is set. */
  const connected = async (user: string, { pong }: { pong: boolean }) => {
    const connection = await RawConnection.open(service);
    const pings: number[] = [];
    connection.socket.on('message', (data) => {
      if (String(data) !== '{}') return;
      pings.push(performance.now());
      if (pong) connection.send('{}');
    });
    connection.send(JSON.stringify({ id: 1, connect: { data: { user } } }));
    await connection.reply(1);
    return { connection, pings };
  };

  it('pings connections opened together at different times of the interval, each once per interval', async () => {
    const sessions = [];
    for (let n = 0; n < 10; n++) sessions.push(await connected(`spread-${n}`, { pong: true }));
    // Judged on the pings after every session is connected: connecting takes long enough to span two ticks of a
    // single timer, whose two bursts would look spread.
    const allConnected = performance.now();
    await new Promise((resolve) => setTimeout(resolve, 3.2 * PING_INTERVAL_MS));
    const firstPings = sessions.map(({ pings }) => pings.find((at) => at > allConnected)!);
    // All at once, they would arrive within a few milliseconds; spread, ten sessions land in ten slices of the
    // interval, 300 ms or more from the first to the last.
    expect(Math.max(...firstPings) - Math.min(...firstPings)).toBeGreaterThan(0.1 * PING_INTERVAL_MS);
    for (const { pings, connection } of sessions) {
      expect(pings.length).toBeGreaterThanOrEqual(2);
      const gaps = pings.slice(1).map((at, n) => at - pings[n]);
      expect(Math.min(...gaps)).toBeGreaterThan(0.5 * PING_INTERVAL_MS);
      connection.socket.close();
    }
  });

  it('ends a connection that answers no ping with 3012, and keeps one that answers', async () => {
    const silent = await connected('silent', { pong: false });
    const answering = await connected('answering', { pong: true });
    expect(await silent.connection.closed).toEqual({ code: 3012, reason: 'no pong' });
    expect(silent.pings.length).toBe(1);
    // Two more intervals: its pong was asked for at least once since its first ping.
    await new Promise((resolve) => setTimeout(resolve, 2 * PING_INTERVAL_MS));
    expect(answering.pings.length).toBeGreaterThanOrEqual(2);
    expect(answering.connection.socket.readyState).toBe(answering.connection.socket.OPEN);
    answering.connection.socket.close();
  });
});
