import { WebSocket } from 'ws';
import { endpointOf } from '../../support/centrifuge-clients';
import { chatPath, ChatSocketClient } from '../../support/chat-socket-client';
import { RunningService, startService } from '../../support/service-process';

jest.setTimeout(60_000);

/** How an upgrade ends: open, or the HTTP status it was refused with. */
function upgrade(url: string, origin?: string): Promise<'open' | number> {
  return new Promise((resolve) => {
    const socket = new WebSocket(url, origin ? { origin } : {});
    socket.once('open', () => {
      socket.close();
      resolve('open');
    });
    socket.once('unexpected-response', (_request, response) => resolve(response.statusCode ?? 0));
    socket.on('error', () => undefined);
  });
}

async function withGroup(service: RunningService): Promise<void> {
  await fetch(`${service.httpUrl}/v1/groups`, {
    method: 'POST',
    headers: { 'content-type': 'application/json' },
    body: JSON.stringify({ groupId: 'policy', createdBy: 'alice' }),
  });
}

describe('who may open a socket', () => {
  it('with ALLOWED_ORIGINS, refuses a page from another origin with 403 on both protocols; a client sending no Origin passes', async () => {
    const service = await startService({ ALLOWED_ORIGINS: 'https://chat.example.com,https://app.example.com' });
    try {
      await withGroup(service);
      const v1 = `${service.httpUrl.replace('http', 'ws')}${chatPath('policy', 'alice')}`;
      expect(await upgrade(v1, 'https://evil.example')).toBe(403);
      expect(await upgrade(endpointOf(service.httpUrl), 'https://evil.example')).toBe(403);
      expect(await upgrade(v1, 'https://app.example.com')).toBe('open');
      expect(await upgrade(endpointOf(service.httpUrl), 'https://chat.example.com')).toBe('open');
      expect(await upgrade(v1)).toBe('open');
    } finally {
      await service.stop();
    }
  });

  it('with V1_TRUSTED_PROXIES, takes v1\'s ?user= only from those addresses', async () => {
    const elsewhere = await startService({ V1_TRUSTED_PROXIES: '10.9.9.9,192.168.0.0/16' });
    const here = await startService({ V1_TRUSTED_PROXIES: '127.0.0.0/8' });
    try {
      await withGroup(elsewhere);
      await withGroup(here);
      expect(await upgrade(`${elsewhere.httpUrl.replace('http', 'ws')}${chatPath('policy', 'alice')}`)).toBe(403);
      const alice = await ChatSocketClient.member(here.httpUrl, 'policy', 'alice');
      await alice.close();
    } finally {
      await Promise.all([elsewhere.stop(), here.stop()]);
    }
  });

  it('with V1_ENABLED=false, answers v1 upgrades with 404 and keeps v2', async () => {
    const service = await startService({ V1_ENABLED: 'false' });
    try {
      expect(await upgrade(`${service.httpUrl.replace('http', 'ws')}${chatPath('policy', 'alice')}`)).toBe(404);
      expect(await upgrade(endpointOf(service.httpUrl))).toBe('open');
    } finally {
      await service.stop();
    }
  });
});
