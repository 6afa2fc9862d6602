import { readdirSync, readFileSync } from 'node:fs';
import { eventually } from '../../support/chat-cluster';
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
    // A thread the event loop starts after a scan has its priority until the next scan (every 5 s): wait for one.
    const nice = await eventually(() => {
      const values = niceValues(pid);
      return [...values].every(([thread, value]) => thread === pid || value === 7) ? values : undefined;
    }, 'every thread but the main one at nice 7', 12_000);
    expect(nice.get(pid)).toBe(0);
    expect(nice.size).toBeGreaterThan(1);
  });

  it('are left alone with BACKGROUND_THREAD_NICE=0', async () => {
    service = await startService({ BACKGROUND_THREAD_NICE: '0' });
    const nice = niceValues(service.process.pid!);
    expect([...new Set(nice.values())]).toEqual([0]);
  });
});
