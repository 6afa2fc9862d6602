import { UserId } from '../../domain/group/identifiers';

/** Who opened a connection, as its credentials prove it, and until when they do. */
export interface AuthenticatedUser {
  readonly userId: UserId;
  /** When the credentials stop being valid; absent when they do not expire. */
  readonly expiresAt?: Date;
}

/** What a client presents when it connects (or refreshes its connection). */
export interface ConnectionCredentials {
  /** A signed token (a JWT), when the client has one. */
  readonly token?: string;
  /** The client's own data of its connect request: where development mode reads the user id. */
  readonly data?: unknown;
}

/**
 * Decides who a client protocol (v2) connection belongs to. Production verifies a signed token; a development mode,
 * where no key is configured, takes the user id the client names.
 */
export interface ConnectionAuthenticator {
  authenticate(credentials: ConnectionCredentials): Promise<AuthenticatedUser>;
}

/** The credentials prove nothing: no token, a bad signature, a wrong algorithm, no subject. */
export class InvalidTokenError extends Error {
  readonly code = 'INVALID_TOKEN';
  constructor(readonly reason: string) {
    super(`invalid token: ${reason}`);
    this.name = 'InvalidTokenError';
  }
}

/** The token was valid and has expired: a client can get a fresh one and try again. */
export class TokenExpiredError extends Error {
  readonly code = 'TOKEN_EXPIRED';
  constructor() {
    super('token expired');
    this.name = 'TokenExpiredError';
  }
}
