import { StepResult, SystemResult } from './fanout';

export interface CpuRatio {
  /** The offered load of the step compared: the highest both systems sustained in the round. */
  readonly offeredDeliveriesPerSec: number;
  /** The baseline's server CPU per delivery there, over the system's: above 1, the system spends less per delivery. */
  readonly ratio: number;
}

/**
 * The work each delivery costs two systems, compared at the same offered load in the same round: the highest load both
 * sustained, so the step nearest the knee of the weaker one. On a shared machine whose speed moves from minute to
 * minute a knee moves by whole ramp steps from round to round, while CPU per delivery taken at one load moves far
 * less. It complements the ratio of knees, which the targets are stated in, and replaces none of it.
 */
export function cpuRatio(baseline: SystemResult | undefined, system: SystemResult | undefined): CpuRatio | undefined {
  if (!baseline || !system) return undefined;
  const ours = sustainedByLoad(system);
  let best: { offered: number; baseline: StepResult; system: StepResult } | undefined;
  for (const [offered, step] of sustainedByLoad(baseline)) {
    const other = ours.get(offered);
    if (other && (!best || offered > best.offered)) best = { offered, baseline: step, system: other };
  }
  if (!best || !(best.system.serverMicrosPerDelivery > 0)) return undefined;
  return { offeredDeliveriesPerSec: best.offered, ratio: best.baseline.serverMicrosPerDelivery / best.system.serverMicrosPerDelivery };
}

/** Each offered load's sustained step; a load run more than once (a confirmation) counts by its last run. */
function sustainedByLoad(system: SystemResult): Map<number, StepResult> {
  const byLoad = new Map<number, StepResult>();
  for (const step of system.steps) if (!step.superseded && step.sustained) byLoad.set(step.offeredDeliveriesPerSec, step);
  return byLoad;
}
