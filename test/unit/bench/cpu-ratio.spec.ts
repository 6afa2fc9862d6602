import { cpuRatio } from '../../../bench/cpu-ratio';
import { StepResult, SystemResult } from '../../../bench/fanout';

/** A ramp's steps as the harness records them: only what cpuRatio reads is filled in. */
function system(name: SystemResult['name'], steps: Partial<StepResult>[]): SystemResult {
  return { name, steps: steps.map((step) => ({ sustained: true, ...step }) as StepResult) } as SystemResult;
}

describe('CPU per delivery at the same load (bench/cpu-ratio.ts)', () => {
  it('compares the highest offered load both systems sustained, the baseline over the system', () => {
    const baseline = system('baseline', [
      { offeredDeliveriesPerSec: 10_000, serverMicrosPerDelivery: 30 },
      { offeredDeliveriesPerSec: 20_000, serverMicrosPerDelivery: 24 },
      { offeredDeliveriesPerSec: 40_000, serverMicrosPerDelivery: 20 },
    ]);
    const ours = system('ours', [
      { offeredDeliveriesPerSec: 10_000, serverMicrosPerDelivery: 40 },
      { offeredDeliveriesPerSec: 20_000, serverMicrosPerDelivery: 16 },
      { offeredDeliveriesPerSec: 40_000, serverMicrosPerDelivery: 18, sustained: false },
    ]);
    expect(cpuRatio(baseline, ours)).toEqual({ offeredDeliveriesPerSec: 20_000, ratio: 1.5 });
  });

  it('takes a load run again by its last run, and never a run that was superseded', () => {
    const baseline = system('baseline', [
      { offeredDeliveriesPerSec: 30_000, serverMicrosPerDelivery: 20 },
      { offeredDeliveriesPerSec: 40_000, serverMicrosPerDelivery: 20 },
    ]);
    const ours = system('ours', [
      { offeredDeliveriesPerSec: 30_000, serverMicrosPerDelivery: 80 },
      { offeredDeliveriesPerSec: 30_000, serverMicrosPerDelivery: 25 },
      { offeredDeliveriesPerSec: 40_000, serverMicrosPerDelivery: 10, superseded: true },
    ]);
    expect(cpuRatio(baseline, ours)).toEqual({ offeredDeliveriesPerSec: 30_000, ratio: 0.8 });
  });

  it('has no figure when the two share no sustained load, or a system is missing', () => {
    const baseline = system('baseline', [{ offeredDeliveriesPerSec: 30_000, serverMicrosPerDelivery: 20 }]);
    expect(cpuRatio(baseline, system('ours', [{ offeredDeliveriesPerSec: 30_000, serverMicrosPerDelivery: 20, sustained: false }]))).toBeUndefined();
    expect(cpuRatio(baseline, undefined)).toBeUndefined();
  });
});
