import { BadRequestException, ValidationError, ValidationPipe } from '@nestjs/common';

/**
 * Checks bodies and queries against their DTOs: unknown fields are refused rather than ignored (a misspelt field
 * must not pass silently), and every problem is named in one message, `groupId should not be empty; ...`.
 */
export const adminValidationPipe = new ValidationPipe({
  whitelist: true,
  forbidNonWhitelisted: true,
  transform: true,
  exceptionFactory: (errors: ValidationError[]) => new BadRequestException(describe(errors).join('; ')),
});

function describe(errors: readonly ValidationError[]): string[] {
  return errors.flatMap((error) => [
    ...Object.values(error.constraints ?? {}),
    ...describe(error.children ?? []),
  ]);
}
