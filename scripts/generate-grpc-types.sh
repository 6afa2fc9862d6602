#!/usr/bin/env bash
# Regenerates the TypeScript types of our .proto files (presentation/grpc/**/*.proto are the source of truth).
# Run after editing a .proto; test/integration/grpc/generated-types.spec.ts fails while the committed types are stale.
set -euo pipefail
cd "$(dirname "$0")/.."
out=presentation/grpc/generated
rm -rf "$out"
node node_modules/@grpc/proto-loader/build/bin/proto-loader-gen-types.js \
  --keepCase --longs Number --enums String --defaults --oneofs --grpcLib @grpc/grpc-js \
  --includeDirs presentation/grpc -O "$out" \
  chat/v1/chat.proto chatservice/chat_service.proto
