import { TokenBucket } from '../../../../presentation/websocket/token-bucket';

describe('TokenBucket', () => {
  it('allows a burst, then one token per 1/rate seconds', () => {
    const bucket = new TokenBucket(5, 3, 0);
    expect([bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0), bucket.tryTake(0)]).toEqual([true, true, true, false]);
    expect(bucket.waitMs(0)).toBe(200);
    expect(bucket.tryTake(199)).toBe(false);
    expect(bucket.tryTake(200)).toBe(true);
    expect(bucket.tryTake(200)).toBe(false);
  });

  it('never holds more than the burst, however long it was idle', () => {
    const bucket = new TokenBucket(5, 2, 0);
    const taken = Array.from({ length: 4 }, () => bucket.tryTake(60_000));
    expect(taken).toEqual([true, true, false, false]);
  });

  it('says no wait is needed while a token is there', () => {
    expect(new TokenBucket(1, 1, 0).waitMs(0)).toBe(0);
  });
});
