import { Metadata, ServerInterceptingCall, ServerInterceptor, status as GrpcStatus } from '@grpc/grpc-js';
import { ApiKeys } from '../api-keys';

/** The metadata other services send their key in. */
export const API_KEY_METADATA = 'x-api-key';

/**
 * Refuses calls of the services in `guarded` (full names, e.g. `chat.v1.GroupChatService`) without a configured key
 * in the `x-api-key` metadata with UNAUTHENTICATED, before any handler runs. Other services (position-pal's, whose
 * gateway sends no credentials; health; reflection) pass.
 */
export function apiKeyInterceptor(keys: ApiKeys, guarded: readonly string[]): ServerInterceptor {
  const prefixes = guarded.map((service) => `/${service}/`);
  return (method, call) => {
    if (keys.open || !prefixes.some((prefix) => method.path.startsWith(prefix))) return call as ServerInterceptingCall;
    return new ServerInterceptingCall(call, {
      start: (next) => {
        next({
          onReceiveMetadata: (metadata, proceed) => {
            const [presented] = metadata.get(API_KEY_METADATA);
            if (keys.admits(typeof presented === 'string' ? presented : undefined)) return proceed(metadata);
            call.sendStatus({ code: GrpcStatus.UNAUTHENTICATED, details: 'a valid x-api-key metadata entry is required', metadata: new Metadata() });
          },
        });
      },
    });
  };
}
