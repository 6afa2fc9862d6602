import { ArgumentsHost, Catch, HttpException } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';

const REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  413: 'Payload Too Large',
  415: 'Unsupported Media Type',
};

/**
 * A request the body middleware refused (415, 413, malformed or too deep JSON) is the client's mistake: answered as
 * Nest answers its own 4xx, `{statusCode, message, error}`, and not logged as a server error with a stack. Everything
 * else goes to Nest's own handling.
 */
@Catch()
export class ClientErrorFilter extends BaseExceptionFilter {
  override catch(exception: unknown, host: ArgumentsHost): void {
    const status = statusOf(exception);
    if (exception instanceof HttpException || status === undefined) return super.catch(exception, host);
    const message = (exception as { expose?: boolean }).expose ? String((exception as Error).message).slice(0, 200) : REASON[status] ?? 'Bad Request';
    host
      .switchToHttp()
      .getResponse<{ status(code: number): { json(body: unknown): void } }>()
      .status(status)
      .json({ statusCode: status, message, error: REASON[status] ?? 'Bad Request' });
  }
}

/** A 4xx status carried by a body-parser (http-errors) or middleware error. */
function statusOf(exception: unknown): number | undefined {
  const candidate = (exception as { status?: unknown; statusCode?: unknown } | null)?.status ?? (exception as { statusCode?: unknown } | null)?.statusCode;
  return typeof candidate === 'number' && candidate >= 400 && candidate < 500 ? candidate : undefined;
}
