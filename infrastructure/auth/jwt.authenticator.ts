import { Algorithm, decode, JsonWebTokenError, TokenExpiredError as JwtTokenExpired, verify } from 'jsonwebtoken';
import {
  AuthenticatedUser,
  ConnectionAuthenticator,
  ConnectionCredentials,
  InvalidTokenError,
  TokenExpiredError,
} from '../../application/ports/connection-authenticator.port';

export interface JwtKeys {
  /** HS256: the shared secret. */
  readonly hmacSecret?: string;
  /** RS256 or ES256: the issuer's public key, PEM. */
  readonly publicKey?: string;
}

/** Tokens longer than this are refused before any parsing: a JWT of a user id and an expiry is a few hundred bytes. */
const MAX_TOKEN_LENGTH = 8192;

/**
 * Connection tokens as JWTs (jsonwebtoken): `sub` is the user id, `exp` is enforced. The algorithm a token names must
 * be one a configured key is for, so an HMAC token is never checked against a public key (the classic confusion).
 */
export class JwtAuthenticator implements ConnectionAuthenticator {
  constructor(private readonly keys: JwtKeys) {
    if (!keys.hmacSecret && !keys.publicKey) throw new Error('a JWT authenticator needs a secret or a public key');
  }

  async authenticate({ token }: ConnectionCredentials): Promise<AuthenticatedUser> {
    if (!token) throw new InvalidTokenError('no token');
    if (token.length > MAX_TOKEN_LENGTH) throw new InvalidTokenError(`longer than ${MAX_TOKEN_LENGTH} characters`);
    const header = decode(token, { complete: true })?.header;
    if (!header) throw new InvalidTokenError('not a JWT');
    const { key, algorithm } = this.keyFor(header.alg);
    let claims: unknown;
    try {
      claims = verify(token, key, { algorithms: [algorithm] });
    } catch (error) {
      if (error instanceof JwtTokenExpired) throw new TokenExpiredError();
      throw new InvalidTokenError(error instanceof JsonWebTokenError ? error.message : 'cannot be verified');
    }
    const { sub, exp } = (claims ?? {}) as { sub?: unknown; exp?: unknown };
    if (typeof sub !== 'string' || sub === '') throw new InvalidTokenError('no subject (sub): it names the user');
    return { userId: sub, ...(typeof exp === 'number' && { expiresAt: new Date(exp * 1000) }) };
  }

  private keyFor(alg: string): { key: string; algorithm: Algorithm } {
    if (alg === 'HS256' && this.keys.hmacSecret) return { key: this.keys.hmacSecret, algorithm: 'HS256' };
    if ((alg === 'RS256' || alg === 'ES256') && this.keys.publicKey) return { key: this.keys.publicKey, algorithm: alg };
    throw new InvalidTokenError(`signed with ${alg}, for which no key is configured`);
  }
}

/**
 * Development mode (no key configured, and not production): whoever connects names its user in the connect request's
 * data, `{"user": "alice"}`. Documented, logged at start-up, and off in production unless explicitly allowed.
 */
export class DevelopmentAuthenticator implements ConnectionAuthenticator {
  async authenticate({ data }: ConnectionCredentials): Promise<AuthenticatedUser> {
    const user = (data as { user?: unknown } | null | undefined)?.user;
    if (typeof user !== 'string' || user === '') {
      throw new InvalidTokenError('development mode: name the user in the connect data, {"user": "..."}');
    }
    return { userId: user };
  }
}

/** Production without a key: no v2 connection can be authenticated, and each is told why. */
export class RefusingAuthenticator implements ConnectionAuthenticator {
  async authenticate(): Promise<AuthenticatedUser> {
    throw new InvalidTokenError(
      'no key is configured (AUTH_JWT_HMAC_SECRET or AUTH_JWT_PUBLIC_KEY) and NODE_ENV is production: connections are refused',
    );
  }
}
