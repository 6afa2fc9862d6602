import { KeyedLanes } from '../../../../application/support/keyed-lanes';

interface Lane {
  busy: boolean;
}

describe('KeyedLanes', () => {
  const lanes = (minimumBeforeSweep: number) =>
    new KeyedLanes<string, Lane>(
      () => ({ busy: false }),
      (lane) => !lane.busy,
      minimumBeforeSweep,
    );

  it('given a key used again, then it gets the same lane, kept while idle', () => {
    const keyed = lanes(8);
    const lane = keyed.of('g');
    expect(keyed.of('g')).toBe(lane);
    expect(keyed.size).toBe(1);
  });

  it('given many keys used once, then idle lanes are swept and the lanes stay bounded', () => {
    const keyed = lanes(8);
    for (let i = 0; i < 100; i++) keyed.of(`group-${i}`);
    expect(keyed.size).toBeLessThanOrEqual(8);
  });

  it('given a busy lane among idle ones, when a sweep runs, then the busy lane is kept, and it alone is busy', () => {
    const keyed = lanes(4);
    const busy = keyed.of('busy');
    busy.busy = true;
    for (let i = 0; i < 10; i++) keyed.of(`idle-${i}`);
    expect(keyed.of('busy')).toBe(busy);
    expect(keyed.busy()).toEqual([busy]);
  });
});
