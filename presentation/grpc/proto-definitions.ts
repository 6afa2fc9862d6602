import { loadPackageDefinition, GrpcObject } from '@grpc/grpc-js';
import { loadSync, Options, PackageDefinition } from '@grpc/proto-loader';
import { protoPath as healthProtoPath } from 'grpc-health-check';
import { ProtoGrpcType as ChatV1 } from './generated/chat';
import { ProtoGrpcType as PositionPal } from './generated/chat_service';

/**
 * The .proto files are the source of truth: the server loads them at run time (the build copies them beside the
 * compiled code) and the TypeScript types in generated/ come from them (scripts/generate-grpc-types.sh). These options
 * must match the generator's, so that the loaded messages have the shapes the generated types describe.
 */
export const PROTO_LOADER_OPTIONS: Options = {
  keepCase: true,
  longs: Number,
  enums: String,
  defaults: true,
  oneofs: true,
};

const PROTO_ROOT = __dirname;
export const CHAT_V1_PROTO = 'chat/v1/chat.proto';
export const POSITION_PAL_PROTO = 'chatservice/chat_service.proto';
const HEALTH_PROTO = 'health/v1/health.proto';
const HEALTH_PROTO_ROOT = healthProtoPath.slice(0, -HEALTH_PROTO.length);

export interface LoadedProtos {
  /** Every service the server offers, health included: what server reflection describes. */
  readonly definition: PackageDefinition;
  readonly chatV1: ChatV1['chat']['v1'];
  readonly positionPal: PositionPal['chatservice'];
}

export function loadProtos(): LoadedProtos {
  // By name under their roots, as scripts/generate-grpc-types.sh reads them.
  const definition = loadSync([CHAT_V1_PROTO, POSITION_PAL_PROTO, HEALTH_PROTO], {
    ...PROTO_LOADER_OPTIONS,
    includeDirs: [PROTO_ROOT, HEALTH_PROTO_ROOT],
  });
  const loaded: GrpcObject = loadPackageDefinition(definition);
  return {
    definition,
    chatV1: (loaded as unknown as ChatV1).chat.v1,
    positionPal: (loaded as unknown as PositionPal).chatservice,
  };
}
