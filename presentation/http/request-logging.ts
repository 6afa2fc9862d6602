import { Options } from 'pino-http';
import { correlationIdFrom } from '../correlation-id';
import { REDACTED, redactedLogPaths, redactRequest } from './log-redaction';

/**
 * How HTTP requests are logged (pino-http), and the settings of every other log line too: the level, and the
 * credentials that never reach a log.
 */
export function requestLogging(level: string): Options {
  return {
    level,
    // Health probes and scrapes every few seconds would drown the log.
    autoLogging: { ignore: (request) => /^\/(health|metrics)/.test(request.url ?? '') },
    // A caller's correlation id follows its request into its log line and the events it causes.
    genReqId: (request, response) => {
      const id = correlationIdFrom(request.headers['x-correlation-id'] ?? request.headers['x-request-id']);
      response.setHeader('x-correlation-id', id);
      return id;
    },
    customAttributeKeys: { reqId: 'correlationId' },
    // Credentials never reach a log: headers that carry them, and credential query parameters.
    redact: { paths: redactedLogPaths, censor: REDACTED },
    serializers: {
      req: (request: { url?: string; query?: unknown }) => redactRequest(request),
    },
  };
}
