import { credentials, GrpcObject, loadPackageDefinition, ServiceError } from '@grpc/grpc-js';
import { loadSync } from '@grpc/proto-loader';
import { join } from 'node:path';
import { ProtoGrpcType as ChatV1 } from '../../presentation/grpc/generated/chat';
import { GroupChatServiceClient } from '../../presentation/grpc/generated/chat/v1/GroupChatService';
import { PROTO_LOADER_OPTIONS } from '../../presentation/grpc/proto-definitions';

/** A chat.v1 client built from the service's own .proto, as another service of ours would build it. */
export function groupChatClient(grpcPort: number): GroupChatServiceClient {
  const definition = loadSync('chat/v1/chat.proto', {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [join(__dirname, '..', '..', 'presentation', 'grpc')],
  });
  const chatV1 = (loadPackageDefinition(definition) as unknown as ChatV1).chat.v1;
  return new chatV1.GroupChatService(`127.0.0.1:${grpcPort}`, credentials.createInsecure());
}

/** A client of any service whose .proto is given, for the contract and the standard services. */
export function clientFrom(protoFile: string, includeDirs: string[], service: string, grpcPort: number): GrpcClient {
  const definition = loadSync(protoFile, { keepCase: true, longs: String, enums: String, defaults: true, includeDirs });
  const loaded: GrpcObject = loadPackageDefinition(definition);
  const Client = service.split('.').reduce((scope: any, name) => scope[name], loaded);
  return new Client(`127.0.0.1:${grpcPort}`, credentials.createInsecure()) as GrpcClient;
}

export type GrpcClient = Record<string, any> & { close(): void };

const CALL_DEADLINE_MS = 20_000;

export type Outcome<Response> = { ok: true; response: Response } | { ok: false; code: number; details: string };

/** Calls a unary RPC and resolves with its response or its status, so that a test can assert on either. */
export function unary<Response>(client: object, method: string, request: object): Promise<Outcome<Response>> {
  const rpc = (client as Record<string, Function>)[method];
  return new Promise((resolve) =>
    // A deadline so that a call to a server that never answers fails the test rather than hanging it.
    rpc.call(client, request, { deadline: Date.now() + CALL_DEADLINE_MS }, (error: ServiceError | null, response?: Response) =>
      resolve(error ? { ok: false, code: error.code, details: error.details } : { ok: true, response: response! }),
    ),
  );
}

/** The response of a call that must succeed; a failure shows its status in the test's output. */
export async function ok<Response>(client: object, method: string, request: object): Promise<Response> {
  const outcome = await unary<Response>(client, method, request);
  if (!outcome.ok) throw new Error(`${method} failed with status ${outcome.code}: ${outcome.details}`);
  return outcome.response;
}
