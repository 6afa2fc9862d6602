import { generateKeyPairSync } from 'node:crypto';
import { sign } from 'jsonwebtoken';
import { InvalidTokenError, TokenExpiredError } from '../../../application/ports/connection-authenticator.port';
import { DevelopmentAuthenticator, JwtAuthenticator, RefusingAuthenticator } from '../../../infrastructure/auth/jwt.authenticator';

const SECRET = 'a-secret-of-at-least-thirty-two-characters';
const rsa = generateKeyPairSync('rsa', { modulusLength: 2048 });
const ec = generateKeyPairSync('ec', { namedCurve: 'P-256' });
const pem = (key: typeof rsa.publicKey) => key.export({ type: 'spki', format: 'pem' }).toString();

describe('JwtAuthenticator', () => {
  it('takes the user from sub and the expiry from exp of an HS256 token', async () => {
    const token = sign({ sub: 'alice' }, SECRET, { algorithm: 'HS256', expiresIn: 60 });
    const user = await new JwtAuthenticator({ hmacSecret: SECRET }).authenticate({ token });
    expect(user.userId).toBe('alice');
    expect(user.expiresAt!.getTime() - Date.now()).toBeGreaterThan(55_000);
  });

  it.each([
    ['RS256', rsa],
    ['ES256', ec],
  ] as const)('verifies %s tokens with the configured public key', async (algorithm, pair) => {
    const token = sign({ sub: 'bob' }, pair.privateKey, { algorithm });
    expect(await new JwtAuthenticator({ publicKey: pem(pair.publicKey) }).authenticate({ token })).toEqual({ userId: 'bob' });
  });

  it('tells an expired token from a bad one', async () => {
    const authenticator = new JwtAuthenticator({ hmacSecret: SECRET });
    const expired = sign({ sub: 'alice' }, SECRET, { algorithm: 'HS256', expiresIn: -1 });
    await expect(authenticator.authenticate({ token: expired })).rejects.toBeInstanceOf(TokenExpiredError);
    const forged = sign({ sub: 'alice' }, 'another-secret-of-at-least-thirty-two-chars', { algorithm: 'HS256' });
    await expect(authenticator.authenticate({ token: forged })).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('refuses no token, a token without sub, and a token past its length bound', async () => {
    const authenticator = new JwtAuthenticator({ hmacSecret: SECRET });
    await expect(authenticator.authenticate({})).rejects.toThrow('invalid token: no token');
    await expect(authenticator.authenticate({ token: sign({ name: 'alice' }, SECRET) })).rejects.toThrow('no subject');
    await expect(authenticator.authenticate({ token: 'x'.repeat(9000) })).rejects.toThrow('longer than 8192');
  });

  it('never checks an HMAC token against a public key (the algorithm confusion), nor accepts alg none', async () => {
    const publicKey = pem(rsa.publicKey);
    const authenticator = new JwtAuthenticator({ publicKey });
    const confused = sign({ sub: 'mallory' }, publicKey, { algorithm: 'HS256' });
    await expect(authenticator.authenticate({ token: confused })).rejects.toThrow('signed with HS256, for which no key is configured');
    const unsigned = sign({ sub: 'mallory' }, '', { algorithm: 'none' });
    await expect(new JwtAuthenticator({ hmacSecret: SECRET }).authenticate({ token: unsigned })).rejects.toBeInstanceOf(InvalidTokenError);
  });
});

describe('the modes without a key', () => {
  it('development mode takes the user the client names, and nothing else', async () => {
    const authenticator = new DevelopmentAuthenticator();
    expect(await authenticator.authenticate({ data: { user: 'alice' } })).toEqual({ userId: 'alice' });
    await expect(authenticator.authenticate({ data: 'alice' })).rejects.toBeInstanceOf(InvalidTokenError);
  });

  it('production refuses everyone, saying why', async () => {
    await expect(new RefusingAuthenticator().authenticate()).rejects.toThrow('no key is configured');
  });
});
