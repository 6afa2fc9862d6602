import { ArgumentsHost, Catch, ExceptionFilter, HttpStatus } from '@nestjs/common';
import { InvalidQueryError } from '../../../application/application.errors';
import { ConcurrencyError, EventStoreUnavailableError } from '../../../application/ports/event-store.port';
import {
  EmptyMessageError,
  GroupAlreadyExistsError,
  GroupDeletedError,
  GroupNotFoundError,
  GroupRuleViolation,
  InvalidIdentifierError,
  MessageTooLongError,
  NotAMemberError,
} from '../../../domain/group/group.errors';

/** The little of express's response this filter uses (express ships no types of its own). */
interface JsonResponse {
  status(code: number): { json(body: unknown): void };
}

type Known = GroupRuleViolation | InvalidQueryError | ConcurrencyError | EventStoreUnavailableError;

const REASON: Partial<Record<HttpStatus, string>> = {
  [HttpStatus.BAD_REQUEST]: 'Bad Request',
  [HttpStatus.FORBIDDEN]: 'Forbidden',
  [HttpStatus.NOT_FOUND]: 'Not Found',
  [HttpStatus.CONFLICT]: 'Conflict',
  [HttpStatus.GONE]: 'Gone',
  [HttpStatus.SERVICE_UNAVAILABLE]: 'Service Unavailable',
  [HttpStatus.INTERNAL_SERVER_ERROR]: 'Internal Server Error',
};

function statusOf(error: Known): HttpStatus {
  if (
    error instanceof InvalidIdentifierError ||
    error instanceof EmptyMessageError ||
    error instanceof MessageTooLongError ||
    error instanceof InvalidQueryError
  ) {
    return HttpStatus.BAD_REQUEST;
  }
  if (error instanceof GroupNotFoundError) return HttpStatus.NOT_FOUND;
  if (error instanceof GroupDeletedError) return HttpStatus.GONE;
  if (error instanceof NotAMemberError) return HttpStatus.FORBIDDEN;
  // A taken group id, or other instances that kept changing the group faster than the retries: try again or rename.
  if (error instanceof GroupAlreadyExistsError || error instanceof ConcurrencyError) return HttpStatus.CONFLICT;
  if (error instanceof EventStoreUnavailableError) return HttpStatus.SERVICE_UNAVAILABLE;
  return HttpStatus.INTERNAL_SERVER_ERROR;
}

/** The domain's and the application's errors as JSON `{statusCode, message, error}`, the shape Nest gives its own. */
@Catch(GroupRuleViolation, InvalidQueryError, ConcurrencyError, EventStoreUnavailableError)
export class DomainErrorFilter implements ExceptionFilter<Known> {
  catch(error: Known, host: ArgumentsHost): void {
    const statusCode = statusOf(error);
    const message =
      error instanceof EventStoreUnavailableError ? `the event store cannot be reached: ${error.message}` : error.message;
    host.switchToHttp().getResponse<JsonResponse>().status(statusCode).json({ statusCode, message, error: REASON[statusCode] });
  }
}
