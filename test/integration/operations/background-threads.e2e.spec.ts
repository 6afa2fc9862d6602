import { readdirSync, readFileSync } from 'node:fs';
import { RunningService, startService } from '../../support/service-process';

/** The nice value of each thread of a process, by thread id (Linux: field 19 of /proc/PID/task/TID/stat). */
function niceValues(pid: number): Map<number, number> {
  const values = new Map<number, number>();
  for (const thread of readdirSync(`/proc/${pid}/task`)) {
    try {
      // The command name (field 2) is in parentheses and may hold spaces: count fields after its closing one.
      const stat = readFileSync(`/proc/${pid}/task/${thread}/stat`, 'utf8');
      values.set(Number(thread), Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[16]));
    } catch {
      // The thread ended between the listing and the read.
    }
  }
  return values;
}

const onLinux = process.platform === 'linux' ? describe : describe.skip;

onLinux('the threads beside the event loop', () => {
  let service: RunningService | undefined;
  afterEach(async () => {
    await service?.stop();
    service = undefined;
  });

  it('run at BACKGROUND_THREAD_NICE, and the event loop at the priority it was started with', async () => {
    service = await startService({ BACKGROUND_THREAD_NICE: '7' });
    const pid = service.process.pid!;
    const nice = niceValues(pid);
    expect(nice.get(pid)).toBe(0);
    const others = [...nice.entries()].filter(([thread]) => thread !== pid);
    expect(others.length).toBeGreaterThan(0);
    expect(others.filter(([, value]) => value !== 7)).toEqual([]);
  });

  it('are left alone with BACKGROUND_THREAD_NICE=0', async () => {
    service = await startService({ BACKGROUND_THREAD_NICE: '0' });
    const nice = niceValues(service.process.pid!);
    expect([...new Set(nice.values())]).toEqual([0]);
  });
});
