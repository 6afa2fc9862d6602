import { LruCache } from '../../../../application/support/lru-cache';

describe('LruCache', () => {
  it('given a full cache, when a key is added, then the least recently used one is forgotten', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([undefined, 2, 3]);
    expect(cache.size).toBe(2);
  });

  it('given a full cache, when a key is read, then it is kept and the other is forgotten', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.get('a');
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([1, undefined, 3]);
  });

  it('given a full cache, when a key is updated, then it holds the new value and counts as recently used', () => {
    const cache = new LruCache<string, number>(2);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('a', 10);
    cache.set('c', 3);
    expect([cache.get('a'), cache.get('b'), cache.get('c')]).toEqual([10, undefined, 3]);
    expect(cache.size).toBe(2);
  });

  it('given deleted keys, then they are gone and eviction goes on in order among the rest', () => {
    const cache = new LruCache<string, number>(3);
    cache.set('a', 1);
    cache.set('b', 2);
    cache.set('c', 3);
    cache.delete('a');
    cache.delete('c');
    cache.delete('missing');
    cache.set('d', 4);
    cache.set('e', 5);
    cache.set('f', 6);
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d'), cache.get('e'), cache.get('f')]).toEqual([
      undefined,
      undefined,
      undefined,
      4,
      5,
      6,
    ]);
  });

  it('given a capacity of one, then only the last key is kept', () => {
    const cache = new LruCache<string, number>(1);
    cache.set('a', 1);
    cache.get('a');
    cache.set('b', 2);
    expect([cache.get('a'), cache.get('b'), cache.size]).toEqual([undefined, 2, 1]);
  });

  it('given entries in the middle of the order, when one is read and another deleted, then eviction follows the new order', () => {
    const cache = new LruCache<string, number>(4);
    for (const [key, value] of [['a', 1], ['b', 2], ['c', 3], ['d', 4]] as const) cache.set(key, value);
    cache.get('b');
    cache.delete('c');
    cache.set('e', 5);
    cache.set('f', 6);
    cache.set('g', 7);
    // Order, oldest first, was a d b e; f and g pushed out a and d.
    expect([cache.get('a'), cache.get('b'), cache.get('c'), cache.get('d')]).toEqual([undefined, 2, undefined, undefined]);
    expect([cache.get('e'), cache.get('f'), cache.get('g'), cache.size]).toEqual([5, 6, 7, 4]);
  });
});
