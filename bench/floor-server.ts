/**
 * The floor: fan-out and nothing else, done the way ours does it. A `ws` server on ours' v1 path; every text frame a
 * socket sends is encoded once as ours' NewMessage frame and written as one complete WebSocket frame to the TCP
 * socket of every member of its group, the sender included. Nothing is stored, decided, counted or announced.
 *
 * No one would run it. It answers one question beside the baseline in the same run: how far above Socket.IO can any
 * Node server go on a shape when it writes one frame per delivery, as ours and Socket.IO both do? What ours adds
 * (the store, the event-sourced write pipeline, presence, metrics) is the distance from ours to this floor.
 * Usage: node floor-server.js PORT   (prints "listening PORT" when ready)
 */
import { createServer } from 'node:http';
import { Duplex } from 'node:stream';
import { WebSocketServer } from 'ws';
import { textFrame } from '../presentation/websocket/text-frame';
import { encodeNewMessage } from '../presentation/websocket/v1-frame.codec';

const port = Number(process.argv[2] ?? 0);
const httpServer = createServer();
const server = new WebSocketServer({ noServer: true, perMessageDeflate: false });
const groups = new Map<string, Set<Duplex>>();

httpServer.on('upgrade', (request, socket, head) => {
  const url = new URL(request.url ?? '/', 'http://floor');
  let groupId: string;
  try {
    groupId = decodeURIComponent(url.pathname.slice('/v1/messages/'.length));
  } catch {
    return socket.destroy();
  }
  const senderId = url.searchParams.get('user') ?? '';
  server.handleUpgrade(request, socket, head, (webSocket) => {
    let members = groups.get(groupId);
    if (!members) groups.set(groupId, (members = new Set()));
    const group = members;
    group.add(socket);
    webSocket.on('message', (data) => {
      const frame = textFrame(encodeNewMessage({ groupId, senderId, text: String(data), at: new Date().toISOString(), seq: 0 }));
      for (const member of group) member.write(frame);
    });
    webSocket.on('error', () => undefined);
    webSocket.once('close', () => group.delete(socket));
  });
});

httpServer.listen(port, '127.0.0.1', () => {
  const address = httpServer.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});

const stop = (): void => {
  httpServer.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
