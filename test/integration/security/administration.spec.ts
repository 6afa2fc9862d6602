import { credentials, Metadata, status } from '@grpc/grpc-js';
import { loadProtos } from '../../../presentation/grpc/proto-definitions';
import { clientFrom } from '../../support/grpc-test-clients';
import { RunningService, startService } from '../../support/service-process';
import { join } from 'node:path';

jest.setTimeout(60_000);

const KEYS = ['first-key-0123456789abcdef', 'second-key-0123456789abcdef'];

/** Every route of the HTTP API as its OpenAPI description lists it, path parameters filled in. */
async function documentedRoutes(service: RunningService): Promise<{ method: string; path: string }[]> {
  const document = (await (await fetch(`${service.httpUrl}/docs-json`)).json()) as { paths: Record<string, Record<string, unknown>> };
  return Object.entries(document.paths).flatMap(([path, operations]) =>
    Object.keys(operations).map((method) => ({ method: method.toUpperCase(), path: path.replace(/\{[^}]+\}/g, 'g') })),
  );
}

const isAdministration = ({ path }: { path: string }) => path.startsWith('/v1/groups') || path.startsWith('/admin');

async function call(service: RunningService, { method, path }: { method: string; path: string }, key?: string): Promise<number> {
  const response = await fetch(`${service.httpUrl}${path}`, {
    method,
    headers: { 'content-type': 'application/json', ...(key && { 'x-api-key': key }) },
    body: method === 'GET' || method === 'DELETE' ? undefined : JSON.stringify({}),
  });
  return response.status;
}

/** Calls a chat.v1 RPC by name with empty arguments, as a stranger would, and resolves with the status code. */
function rpcStatus(client: Record<string, any>, method: string, streaming: boolean, key?: string): Promise<number> {
  const metadata = new Metadata();
  if (key) metadata.set('x-api-key', key);
  return new Promise((resolve) => {
    if (streaming) {
      const stream = client[method]({}, metadata);
      stream.on('data', () => undefined);
      stream.on('error', (error: { code: number }) => resolve(error.code));
      stream.on('status', ({ code }: { code: number }) => resolve(code));
      return;
    }
    client[method]({}, metadata, { deadline: Date.now() + 10_000 }, (error: { code: number } | null) => resolve(error ? error.code : status.OK));
  });
}

describe('administration with ADMIN_API_KEY', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ ADMIN_API_KEY: KEYS.join(','), LOG_LEVEL: 'info' });
  });
  afterAll(() => service?.stop());

  it('refuses every admin route without a key with 401, and admits each of the keys (rotation)', async () => {
    const routes = (await documentedRoutes(service)).filter(isAdministration);
    expect(routes.map(({ method, path }) => `${method} ${path}`)).toEqual(
      expect.arrayContaining(['POST /v1/groups', 'GET /v1/groups/g', 'DELETE /v1/groups/g', 'POST /v1/groups/g/messages', 'GET /admin/instance']),
    );
    for (const route of routes) {
      expect([route, await call(service, route)]).toEqual([route, 401]);
      expect([route, await call(service, route, 'a-wrong-key-0123456789abcdef')]).toEqual([route, 401]);
      for (const key of KEYS) expect(await call(service, route, key)).not.toBe(401);
    }
  });

  it('refuses every chat.v1 RPC without a key with UNAUTHENTICATED, and admits the keys; position-pal\'s ChatService stays open', async () => {
    const { chatV1 } = loadProtos();
    const client = new chatV1.GroupChatService(`127.0.0.1:${service.grpcPort}`, credentials.createInsecure()) as unknown as Record<string, any>;
    try {
      const methods = Object.entries(chatV1.GroupChatService.service);
      expect(methods.length).toBeGreaterThanOrEqual(8);
      for (const [name, definition] of methods) {
        const streaming = (definition as { responseStream: boolean }).responseStream;
        expect([name, await rpcStatus(client, name, streaming)]).toEqual([name, status.UNAUTHENTICATED]);
        expect([name, await rpcStatus(client, name, streaming, KEYS[1])]).not.toEqual([name, status.UNAUTHENTICATED]);
      }
    } finally {
      client.close();
    }
    const positionPal = clientFrom('chatservice/chat_service.proto', [join(__dirname, '..', '..', '..', 'presentation', 'grpc')], 'chatservice.ChatService', service.grpcPort);
    try {
      const answer = await new Promise<{ code: number }>((resolve) =>
        positionPal.RetrieveLastMessages({ group_id: 'g', number_of_messages: '1' }, (error: { code: number } | null) => resolve({ code: error?.code ?? status.OK })),
      );
      expect(answer.code).toBe(status.OK);
    } finally {
      positionPal.close();
    }
  });

  it('never writes a key, a token or a cookie to the log', async () => {
    await fetch(`${service.httpUrl}/v1/groups/g?token=SECRET-IN-QUERY&api_key=SECRET-KEY-IN-QUERY`, {
      headers: { authorization: 'Bearer SECRET-BEARER', cookie: 'session=SECRET-COOKIE', 'x-api-key': KEYS[0] },
    });
    await fetch(`${service.httpUrl}/v1/groups/g`, { headers: { 'x-api-key': 'SECRET-WRONG-KEY-0123456789' } });
    await new Promise((resolve) => setTimeout(resolve, 300));
    const log = service.output();
    expect(log).toContain('"url":"/v1/groups/g?token=[redacted]&api_key=[redacted]"');
    for (const secret of ['SECRET-IN-QUERY', 'SECRET-KEY-IN-QUERY', 'SECRET-BEARER', 'SECRET-COOKIE', 'SECRET-WRONG-KEY', ...KEYS]) {
      expect([secret, log.includes(secret)]).toEqual([secret, false]);
    }
  });
});

describe('administration without ADMIN_API_KEY', () => {
  it('starts, serves, and says loudly that administration is open', async () => {
    const service = await startService({});
    try {
      expect(service.output()).toContain('ADMINISTRATION IS OPEN');
      expect((await fetch(`${service.httpUrl}/admin/instance`)).status).toBe(200);
    } finally {
      await service.stop();
    }
  });
});

describe('requests a web page could send', () => {
  let service: RunningService;
  beforeAll(async () => {
    service = await startService({ LOG_LEVEL: 'info' });
  });
  afterAll(() => service?.stop());

  it.each([
    ['a form', 'application/x-www-form-urlencoded', 'groupId=g&createdBy=alice'],
    ['plain text', 'text/plain', '{"groupId":"g","createdBy":"alice"}'],
    ['multipart', 'multipart/form-data; boundary=x', '--x\r\nContent-Disposition: form-data; name="groupId"\r\n\r\ng\r\n--x--'],
  ])('refuses %s with 415, writing nothing', async (_kind, type, body) => {
    const response = await fetch(`${service.httpUrl}/v1/groups`, { method: 'POST', headers: { 'content-type': type }, body });
    expect(response.status).toBe(415);
    expect((await fetch(`${service.httpUrl}/v1/groups/g`)).status).toBe(404);
  });

  it('announces no framework, and sends no CORS headers', async () => {
    const response = await fetch(`${service.httpUrl}/health`, { headers: { origin: 'https://evil.example' } });
    expect(response.headers.get('x-powered-by')).toBeNull();
    expect(response.headers.get('access-control-allow-origin')).toBeNull();
  });

  it('refuses deeply nested JSON with 400 and an oversized body with 413, logging neither as a server error', async () => {
    const deep = `{"groupId":${'['.repeat(2000)}${']'.repeat(2000)},"createdBy":"alice"}`;
    const nested = await fetch(`${service.httpUrl}/v1/groups`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: deep });
    expect(nested.status).toBe(400);
    expect(((await nested.json()) as { message: string }).message).toBe('JSON nested deeper than 32 levels');
    const large = await fetch(`${service.httpUrl}/v1/groups`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ groupId: 'g'.repeat(100_000), createdBy: 'alice' }),
    });
    expect(large.status).toBe(413);
    await new Promise((resolve) => setTimeout(resolve, 200));
    expect(service.output()).not.toMatch(/"level":50/);
  });
});
