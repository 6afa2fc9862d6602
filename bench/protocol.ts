/** What the orchestrator and the load-generator processes say to each other over the IPC channel of `fork`. */

/**
 * The Socket.IO baseline; ours over v1 (position-pal's frames) in the default durability (written); the same with
 * DURABILITY=synced (each append on disk before its acknowledgement); ours over the client protocol v2 (Centrifugal,
 * JSON), default durability.
 */
/** `floor` is no system of ours: fan-out alone (floor-server.ts), the bound of any server writing one frame per delivery. */
export type SystemName = 'baseline' | 'ours' | 'ours-synced' | 'ours-v2' | 'floor';

export interface GeneratorInit {
  readonly type: 'init';
  readonly system: SystemName;
  /** `ws://127.0.0.1:PORT` for ours, `http://127.0.0.1:PORT` for the Socket.IO baseline. */
  readonly baseUrl: string;
  /** The group indices this generator owns: its sockets send to and receive from these groups only. */
  readonly groups: readonly number[];
  readonly members: number;
  readonly connectConcurrency: number;
}

/** Opens sockets (members in order, groups interleaved) until `upTo` of this generator's sockets are open. */
export interface ConnectCommand {
  readonly type: 'connect';
  readonly upTo: number;
}

export interface StepCommand {
  readonly type: 'step';
  readonly index: number;
  /** Messages each member sends per second, spread evenly (open loop: sends follow the clock, never replies). */
  readonly ratePerMember: number;
  /** Wall-clock ms (timeOrigin + now) at which sending starts; the same for every generator. */
  readonly startAt: number;
  readonly warmupMs: number;
  readonly measureMs: number;
  /** After sending stops, how long to wait at most for the deliveries still under way. */
  readonly drainMs: number;
}

export interface CloseCommand {
  readonly type: 'close';
}

export type GeneratorCommand = GeneratorInit | ConnectCommand | StepCommand | CloseCommand;

export interface ConnectedReport {
  readonly type: 'connected';
  readonly open: number;
  readonly failed: number;
  readonly firstError?: string;
}

export interface StepReport {
  readonly type: 'stepDone';
  readonly index: number;
  /** Messages sent during the whole step (warm-up and measurement). */
  readonly sent: number;
  /** Messages sent during the measurement window. */
  readonly sentInWindow: number;
  /** Deliveries received during the measurement window (any message). */
  readonly deliveriesInWindow: number;
  /** Latency histogram (see histogram.ts) of the deliveries of messages sent in the window. */
  readonly histogram: number[];
  readonly latencyCount: number;
  readonly maxLatencyMs: number;
  /** Deliveries still missing when the drain ended (expected = messages sent × members of the group). */
  readonly outstanding: number;
  readonly duplicated: number;
  readonly reordered: number;
  /** Frames that were neither a NewMessage nor an Information, or carried unexpected content, during the step. */
  readonly errorFrames: number;
  readonly firstErrorFrame?: string;
  /** Sockets that closed during the step. */
  readonly closed: number;
  readonly firstClose?: string;
  /** How late the generator itself sent, against the schedule (ms): when high, the generator is saturated. */
  readonly maxSendLagMs: number;
  readonly drainedMs: number;
}

export interface FailureReport {
  readonly type: 'failure';
  readonly message: string;
}

export type GeneratorReport = ConnectedReport | StepReport | FailureReport | { readonly type: 'ready' } | { readonly type: 'closed' };

export const groupId = (group: number): string => `bench-g${group}`;
export const userId = (member: number): string => `u${member}`;

/** Wall-clock milliseconds with sub-millisecond precision, comparable across processes of this machine. */
export const wallNow = (): number => performance.timeOrigin + performance.now();

/** The message content: sender (member index in the group), per-sender sequence number, intended send time. */
export const encodeContent = (member: number, seq: number, sendAt: number): string =>
  `${member}|${seq}|${sendAt.toFixed(3)}`;
