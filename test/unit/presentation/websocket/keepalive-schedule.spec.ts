import { KeepaliveSchedule } from '../../../../presentation/websocket/keepalive-schedule';

describe('KeepaliveSchedule', () => {
  beforeEach(() => jest.useFakeTimers());
  afterEach(() => jest.useRealTimers());

  /** Which connections were checked in each slice of time, over `slices` slices. */
  const checkedPerSlice = (checked: string[], sliceMs: number, slices: number) => {
    const perSlice: string[][] = [];
    for (let n = 0; n < slices; n++) {
      jest.advanceTimersByTime(sliceMs);
      perSlice.push(checked.splice(0));
    }
    return perSlice;
  };

  it('given connections added together, when an interval passes, checks each once, in different slices', () => {
    const checked: string[] = [];
    const schedule = new KeepaliveSchedule<string>(1000, (connection) => checked.push(connection), 10);
    schedule.start();
    for (const connection of ['a', 'b', 'c', 'd']) schedule.add(connection);
    const perSlice = checkedPerSlice(checked, 100, 10);
    expect(perSlice.filter((slice) => slice.length > 0)).toEqual([['a'], ['b'], ['c'], ['d']]);
    expect(checkedPerSlice(checked, 100, 10).flat().sort()).toEqual(['a', 'b', 'c', 'd']);
    schedule.stop();
  });

  it('given more connections than slices, shares the slices out evenly', () => {
    const checked: string[] = [];
    const schedule = new KeepaliveSchedule<string>(300, (connection) => checked.push(connection), 3);
    schedule.start();
    for (let n = 0; n < 9; n++) schedule.add(`c${n}`);
    expect(checkedPerSlice(checked, 100, 3).map((slice) => slice.length)).toEqual([3, 3, 3]);
    schedule.stop();
  });

  it('given a connection removed, or removed by its own check, checks it no more and the others still', () => {
    const checked: string[] = [];
    const schedule: KeepaliveSchedule<string> = new KeepaliveSchedule<string>(200, (connection) => {
      checked.push(connection);
      if (connection === 'dies') schedule.remove(connection);
    }, 2);
    schedule.start();
    for (const connection of ['dies', 'gone', 'stays', 'also']) schedule.add(connection);
    schedule.remove('gone');
    jest.advanceTimersByTime(400);
    expect(checked).toEqual(['dies', 'stays', 'also', 'stays', 'also']);
    schedule.stop();
  });

  it('given it stopped, checks nothing', () => {
    const check = jest.fn();
    const schedule = new KeepaliveSchedule<string>(100, check, 2);
    schedule.start();
    schedule.add('a');
    schedule.stop();
    jest.advanceTimersByTime(1000);
    expect(check).not.toHaveBeenCalled();
  });
});
