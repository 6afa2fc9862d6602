import { CanActivate, ExecutionContext, Injectable, UnauthorizedException } from '@nestjs/common';
import { ApiKeys } from '../api-keys';

/** The header other services send their key in. */
export const API_KEY_HEADER = 'x-api-key';

/** Refuses an admin request without a configured key in `X-API-Key` with 401 (open while no key is configured). */
@Injectable()
export class ApiKeyGuard implements CanActivate {
  constructor(private readonly keys: ApiKeys) {}

  canActivate(context: ExecutionContext): boolean {
    const request = context.switchToHttp().getRequest<{ headers: Record<string, unknown> }>();
    if (this.keys.admits(request.headers[API_KEY_HEADER])) return true;
    throw new UnauthorizedException('a valid X-API-Key header is required');
  }
}
