/**
 * The baseline: what a Node developer would pick instead. A plain Socket.IO server with rooms, one room per group;
 * every message is broadcast to its room (the sender included, as ours does) and stored nowhere.
 * Usage: node baseline-server.js PORT   (prints "listening PORT" when ready)
 */
import { createServer } from 'node:http';
import { Server } from 'socket.io';

const port = Number(process.argv[2] ?? 0);
const httpServer = createServer();
const server = new Server(httpServer, { transports: ['websocket'], serveClient: false, perMessageDeflate: false });

server.on('connection', (socket) => {
  const group = String(socket.handshake.query.group);
  const user = String(socket.handshake.query.user);
  void socket.join(group);
  // The same four fields as ours' NewMessage frame: group, sender, content, an ISO timestamp.
  socket.on('message', (content: string) =>
    server.to(group).emit('NewMessage', group, user, content, new Date().toISOString()),
  );
});

httpServer.listen(port, '127.0.0.1', () => {
  const address = httpServer.address();
  console.log(`listening ${typeof address === 'object' && address ? address.port : port}`);
});

const stop = (): void => {
  void server.close(() => process.exit(0));
  setTimeout(() => process.exit(0), 2000).unref();
};
process.on('SIGTERM', stop);
process.on('SIGINT', stop);
