import { AddressInfo, createServer, Server, Socket } from 'node:net';
import { TickCorking } from '../../../presentation/websocket/tick-corking';

/** A real TCP connection on loopback: what the server side writes, as the client reads it, chunk by chunk. */
async function connection(): Promise<{ server: Server; serverSide: Socket; chunks: string[]; client: Socket }> {
  const server = createServer();
  const accepted = new Promise<Socket>((resolve) => server.once('connection', resolve));
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const client = new Socket();
  const chunks: string[] = [];
  client.on('data', (chunk) => chunks.push(chunk.toString()));
  await new Promise<void>((resolve) => client.connect((server.address() as AddressInfo).port, '127.0.0.1', resolve));
  return { server, serverSide: await accepted, chunks, client };
}

const settled = () => new Promise((resolve) => setTimeout(resolve, 50));

describe('TickCorking', () => {
  it('sends what is written to a socket in one tick, microtasks included, as one write', async () => {
    const { server, serverSide, chunks, client } = await connection();
    const corking = new TickCorking();
    corking.hold(serverSide);
    serverSide.write('publication;');
    // The reply to the publish comes a few microtasks later, as the append's promise chain settles.
    await Promise.resolve();
    await Promise.resolve();
    corking.hold(serverSide);
    serverSide.write('reply;');
    // Both still held (the client here shares this process, so only the socket can tell that nothing left yet).
    expect([serverSide.writableCorked, serverSide.writableLength]).toEqual([1, 'publication;reply;'.length]);
    await settled();
    expect(serverSide.writableCorked).toBe(0);
    expect(chunks).toEqual(['publication;reply;']);

    // The next tick's writes are held again, and leave on their own.
    corking.hold(serverSide);
    serverSide.write('next;');
    await settled();
    expect(chunks).toEqual(['publication;reply;', 'next;']);
    client.destroy();
    serverSide.destroy();
    server.close();
  });

  it('lets a socket closed meanwhile go without failing the others', async () => {
    const first = await connection();
    const second = await connection();
    const corking = new TickCorking();
    corking.hold(first.serverSide);
    first.serverSide.write('lost;');
    first.serverSide.destroy();
    corking.hold(second.serverSide);
    second.serverSide.write('kept;');
    await settled();
    expect(second.chunks).toEqual(['kept;']);
    for (const { client, serverSide, server } of [first, second]) client.destroy(), serverSide.destroy(), server.close();
  });
});
