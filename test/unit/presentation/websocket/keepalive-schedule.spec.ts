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

  it('given a connection added in the middle of an interval, checks it within one interval', () => {
    const checked: string[] = [];
    const schedule = new KeepaliveSchedule<string>(1000, (connection) => checked.push(connection), 10);
    schedule.start();
    for (const connection of ['a', 'b', 'c']) schedule.add(connection);
    jest.advanceTimersByTime(550);
    checked.splice(0);
    schedule.add('late');
    jest.advanceTimersByTime(1000);
    expect(checked.filter((connection) => connection === 'late')).toEqual(['late']);
    schedule.stop();
  });

  it('given ticks that came late (a busy event loop), checks what came due meanwhile, so the interval holds by the clock', () => {
    const checked: string[] = [];
    let stalledMs = 0;
    const clock = () => performance.now() + stalledMs;
    const schedule = new KeepaliveSchedule<string>(1000, (connection) => checked.push(connection), 10, clock);
    schedule.start();
    const connections = Array.from({ length: 10 }, (_, n) => `c${n}`);
    for (const connection of connections) schedule.add(connection);
    jest.advanceTimersByTime(300);
    expect(checked).toEqual(['c0', 'c1', 'c2']);
    // The loop was held 400 ms: the clock moved on and no tick ran.
    stalledMs = 400;
    jest.advanceTimersByTime(100);
    expect(checked).toEqual(['c0', 'c1', 'c2', 'c3', 'c4', 'c5', 'c6', 'c7']);
    jest.advanceTimersByTime(200);
    // One interval by the clock (1,000 ms): each connection once, none twice.
    expect(checked).toEqual(connections);
    schedule.stop();
  });

  it('given a stall longer than the interval, checks each connection once in the late tick, not once per interval missed', () => {
    const checked: string[] = [];
    let stalledMs = 0;
    const schedule = new KeepaliveSchedule<string>(1000, (connection) => checked.push(connection), 10, () => performance.now() + stalledMs);
    schedule.start();
    for (const connection of ['a', 'b']) schedule.add(connection);
    stalledMs = 2500;
    jest.advanceTimersByTime(100);
    expect(checked.sort()).toEqual(['a', 'b']);
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
