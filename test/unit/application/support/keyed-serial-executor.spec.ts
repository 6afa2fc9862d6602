import { KeyedSerialExecutor } from '../../../../application/support/keyed-serial-executor';

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve!: () => void;
  const promise = new Promise<void>((r) => (resolve = r));
  return { promise, resolve };
}

describe('KeyedSerialExecutor', () => {
  it('given tasks of one key, then each starts after the previous one settled, failures included', async () => {
    const executor = new KeyedSerialExecutor();
    const log: string[] = [];
    const first = deferred();
    const one = executor.run('g', async () => {
      log.push('one starts');
      await first.promise;
      log.push('one ends');
      throw new Error('one failed');
    });
    const two = executor.run('g', async () => {
      log.push('two runs');
      return 2;
    });
    await Promise.resolve();
    expect(log).toEqual(['one starts']);
    first.resolve();
    await expect(one).rejects.toThrow('one failed');
    await expect(two).resolves.toBe(2);
    expect(log).toEqual(['one starts', 'one ends', 'two runs']);
  });

  it('given tasks of two keys, then the second key does not wait for the first', async () => {
    const executor = new KeyedSerialExecutor();
    const blocked = deferred();
    const slow = executor.run('a', () => blocked.promise);
    await expect(executor.run('b', async () => 'b done')).resolves.toBe('b done');
    blocked.resolve();
    await slow;
  });

  it('given busy keys, when draining, then it resolves only after every submitted task settled', async () => {
    const executor = new KeyedSerialExecutor();
    const blocked = deferred();
    let finished = false;
    void executor.run('a', async () => {
      await blocked.promise;
      finished = true;
    });
    const drained = executor.drain();
    await Promise.resolve();
    expect(finished).toBe(false);
    blocked.resolve();
    await drained;
    expect(finished).toBe(true);
  });

  it('given many keys used once, then idle ones are swept and the lanes stay bounded', async () => {
    const executor = new KeyedSerialExecutor(8);
    for (let i = 0; i < 100; i++) await executor.run(`group-${i}`, async () => i);
    expect(executor.keys).toBeLessThanOrEqual(8);
  });

  it('given a busy key among idle ones, when a sweep runs, then the busy lane is kept and its order holds', async () => {
    const executor = new KeyedSerialExecutor(4);
    const blocked = deferred();
    const log: string[] = [];
    const first = executor.run('busy', async () => {
      await blocked.promise;
      log.push('first');
    });
    for (let i = 0; i < 10; i++) await executor.run(`idle-${i}`, async () => i);
    const second = executor.run('busy', async () => {
      log.push('second');
    });
    blocked.resolve();
    await Promise.all([first, second]);
    expect(log).toEqual(['first', 'second']);
  });
});
