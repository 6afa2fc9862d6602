import { ArgumentsHost, Catch, ExceptionFilter } from '@nestjs/common';
import { InvalidQueryError } from '../../../application/application.errors';
import { ConcurrencyError, EventStoreUnavailableError } from '../../../application/ports/event-store.port';
import { GroupRuleViolation } from '../../../domain/group/group.errors';
import { answersTo } from '../../error-answers';
import { ForbiddenCharacterError } from '../../visible-text';

/** The little of express's response this filter uses (express ships no types of its own). */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

type Known = GroupRuleViolation | InvalidQueryError | ConcurrencyError | EventStoreUnavailableError | ForbiddenCharacterError;

const REASON: Readonly<Record<number, string>> = {
  400: 'Bad Request',
  403: 'Forbidden',
  404: 'Not Found',
  409: 'Conflict',
  410: 'Gone',
  503: 'Service Unavailable',
  504: 'Gateway Timeout',
  500: 'Internal Server Error',
};

/**
 * The domain's and the application's errors as JSON `{statusCode, message, error}`, the shape Nest gives its own; the
 * status comes from the error table (error-answers.ts).
 */
@Catch(GroupRuleViolation, InvalidQueryError, ConcurrencyError, EventStoreUnavailableError, ForbiddenCharacterError)
export class DomainErrorFilter implements ExceptionFilter<Known> {
  catch(error: Known, host: ArgumentsHost): void {
    const { code, http: statusCode } = answersTo(error);
    const message = code === 'STORE_UNAVAILABLE' ? `the event store cannot be reached: ${error.message}` : error.message;
    host.switchToHttp().getResponse<JsonResponse>().status(statusCode).json({ statusCode, message, error: REASON[statusCode] });
  }
}
