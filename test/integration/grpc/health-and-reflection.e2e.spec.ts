import { status } from '@grpc/grpc-js';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { dirname, join } from 'node:path';
import { clientFrom, GrpcClient, ok, unary } from '../../support/grpc-test-clients';
import { RunningService, startService } from '../../support/service-process';

// Generous, for loaded CI machines: each test starts or talks to a real service process; a guard, not an assertion.
jest.setTimeout(30_000);

// The standard services' own .proto files, as a tool like grpcurl or a load balancer's health probe would use them.
const REFLECTION_PROTO_ROOT = join(dirname(require.resolve('@grpc/reflection/package.json')), 'build', 'proto');
const HEALTH_PROTO_ROOT = join(dirname(healthProtoPath), '..', '..');

describe('the standard gRPC services', () => {
  let service: RunningService;
  let health: GrpcClient;
  let reflection: GrpcClient;

  beforeAll(async () => {
    service = await startService();
    health = clientFrom('health/v1/health.proto', [HEALTH_PROTO_ROOT], 'grpc.health.v1.Health', service.grpcPort);
    reflection = clientFrom(
      'grpc/reflection/v1/reflection.proto',
      [REFLECTION_PROTO_ROOT],
      'grpc.reflection.v1.ServerReflection',
      service.grpcPort,
    );
  });

  afterAll(async () => {
    health?.close();
    reflection?.close();
    await service?.stop();
  });

  it.each(['', 'chatservice.ChatService', 'chat.v1.GroupChatService'])(
    'grpc.health.v1.Health/Check answers SERVING for %j while the store answers',
    async (name) => {
      expect(await ok(health, 'Check', { service: name })).toEqual({ status: 'SERVING' });
    },
  );

  it('grpc.health.v1.Health/Check answers NOT_FOUND for a service the server does not offer', async () => {
    expect(await unary(health, 'Check', { service: 'no.such.Service' })).toMatchObject({ ok: false, code: status.NOT_FOUND });
  });

  /** One request on the bidirectional reflection stream, and its answer. */
  function reflect(request: object): Promise<Record<string, any>> {
    return new Promise((resolve, reject) => {
      const stream = reflection.ServerReflectionInfo();
      stream.once('data', (response: Record<string, unknown>) => {
        resolve(response);
        stream.end();
      });
      stream.once('error', reject);
      stream.write(request);
    });
  }

  it('server reflection lists every service', async () => {
    const response = await reflect({ list_services: '' });
    const names = response.list_services_response.service.map((entry: { name: string }) => entry.name);
    expect(names).toEqual(
      expect.arrayContaining(['chatservice.ChatService', 'chat.v1.GroupChatService', 'grpc.health.v1.Health']),
    );
  });

  it('server reflection describes a service by name, with its methods and messages', async () => {
    const response = await reflect({ file_containing_symbol: 'chat.v1.GroupChatService' });
    const descriptors = (response.file_descriptor_response.file_descriptor_proto as Buffer[]).map((bytes) =>
      Buffer.from(bytes).toString('latin1'),
    );
    expect(descriptors.join()).toContain('SubscribeGroup');
    expect(descriptors.join()).toContain('GetHistoryRequest');
  });
});
