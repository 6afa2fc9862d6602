import { once } from 'node:events';
import { connect } from 'node:net';
import { startService } from '../../support/service-process';

const UPGRADE = (path: string) =>
  `GET ${path} HTTP/1.1\r\nHost: chat\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
  'Sec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\n\r\n';

describe('upgrade requests the service refuses over plain HTTP', () => {
  it('survives clients that reset the connection while being refused', async () => {
    const service = await startService();
    try {
      for (let n = 0; n < 30; n++) {
        const socket = connect(service.httpPort, '127.0.0.1');
        socket.on('error', () => undefined);
        await once(socket, 'connect');
        socket.write(UPGRADE('/not-a-chat'));
        // A reset (RST), not a polite close: the service's end of the socket gets ECONNRESET.
        socket.resetAndDestroy();
      }
      await new Promise((resolve) => setTimeout(resolve, 300));
      expect(service.process.exitCode).toBeNull();
      expect((await fetch(`${service.httpUrl}/health/live`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });

  it('answers an upgrade to another path with 404', async () => {
    const service = await startService();
    try {
      const socket = connect(service.httpPort, '127.0.0.1');
      await once(socket, 'connect');
      socket.write(UPGRADE('/elsewhere'));
      const [answer] = (await once(socket, 'data')) as [Buffer];
      expect(answer.toString()).toMatch(/^HTTP\/1\.1 404 /);
      socket.destroy();
    } finally {
      await service.stop();
    }
  });
});
