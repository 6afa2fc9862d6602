import { createParamDecorator, ExecutionContext } from '@nestjs/common';
import { EventMetadata } from '../../application/ports/event-store.port';

/**
 * The request's correlation id (pino-http's request id: the caller's `x-correlation-id`, or a new one), as the
 * metadata a command records with its events, so that a stored event leads back to the request and its log lines.
 */
export const Correlation = createParamDecorator((_: unknown, context: ExecutionContext): EventMetadata => {
  const { id } = context.switchToHttp().getRequest<{ id?: unknown }>();
  return typeof id === 'string' ? { correlationId: id } : {};
});
