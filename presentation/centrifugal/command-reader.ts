/**
 * Reads the commands of one WebSocket frame: JSON objects, one per line. Everything is checked for shape and bounded
 * in size here, before any work: a frame that is not what the protocol says is a bad request (the connection is
 * ended with 3501 and a reason that never echoes what was sent).
 */

export interface SubscribeRequest {
  readonly channel: string;
  readonly recover: boolean;
  readonly offset: number;
  readonly epoch: string;
  readonly joinLeave: boolean;
  readonly flag: number;
}

export type Command =
  | { readonly id: number; readonly kind: 'connect'; readonly token?: string; readonly data?: unknown }
  | { readonly id: number; readonly kind: 'refresh'; readonly token: string }
  | { readonly id: number; readonly kind: 'subscribe'; readonly request: SubscribeRequest }
  | { readonly id: number; readonly kind: 'unsubscribe'; readonly channel: string }
  | { readonly id: number; readonly kind: 'publish'; readonly channel: string; readonly data: unknown }
  | {
      readonly id: number;
      readonly kind: 'history';
      readonly channel: string;
      readonly limit: number;
      readonly since?: { readonly offset: number; readonly epoch: string };
      readonly reverse: boolean;
    }
  | { readonly id: number; readonly kind: 'presence' | 'presence_stats'; readonly channel: string }
  | { readonly id: number; readonly kind: 'ping' }
  /** Requests this service does not serve (rpc, sub_refresh): answered with "method not found". */
  | { readonly id: number; readonly kind: 'unsupported' }
  /** An empty command: the client's answer to the server's ping. */
  | { readonly kind: 'pong' }
  /** A `send` (no reply expected): this service has no use for it. */
  | { readonly kind: 'ignored' };

export class BadRequestError extends Error {
  constructor(reason: string) {
    super(reason);
    this.name = 'BadRequestError';
  }
}

export interface ReaderLimits {
  readonly maxCommandsPerFrame: number;
  readonly maxChannelLength: number;
  readonly maxTokenLength: number;
}

const MAX_EPOCH_LENGTH = 128;

/** The request fields of a command, in the order client.proto lists them: the first one present is the request. */
const REQUESTS = ['connect', 'subscribe', 'unsubscribe', 'publish', 'presence', 'presence_stats', 'history', 'ping', 'send', 'rpc', 'refresh', 'sub_refresh'] as const;

export function readCommands(frame: string, limits: ReaderLimits): Command[] {
  // Nearly every frame holds one command: it is read without a split.
  const lines = frame.includes('\n') ? frame.split('\n').filter((line) => line.trim() !== '') : frame.trim() === '' ? [] : [frame];
  if (lines.length > limits.maxCommandsPerFrame) throw new BadRequestError(`more than ${limits.maxCommandsPerFrame} commands in one frame`);
  return lines.map((line) => readCommand(line, limits));
}

function readCommand(line: string, limits: ReaderLimits): Command {
  let parsed: unknown;
  try {
    parsed = JSON.parse(line);
  } catch {
    throw new BadRequestError('a command is not JSON');
  }
  if (!isObject(parsed)) throw new BadRequestError('a command is not a JSON object');
  const method = REQUESTS.find((name) => parsed[name] !== undefined && parsed[name] !== null);
  if (method === undefined) {
    if (parsed.id === undefined || parsed.id === 0) return { kind: 'pong' };
    throw new BadRequestError('a command names no request');
  }
  if (method === 'send') return { kind: 'ignored' };
  const id = parsed.id;
  if (typeof id !== 'number' || !Number.isSafeInteger(id) || id < 1 || id > 0xffffffff) {
    throw new BadRequestError('a command id must be a whole number from 1 to 4294967295');
  }
  const request = parsed[method];
  if (!isObject(request)) throw new BadRequestError(`${method} must be an object`);
  const channel = () => text(request.channel, 'channel', limits.maxChannelLength, { required: true });
  switch (method) {
    case 'connect':
      return { id, kind: 'connect', token: text(request.token, 'token', limits.maxTokenLength) || undefined, data: request.data };
    case 'refresh':
      return { id, kind: 'refresh', token: text(request.token, 'token', limits.maxTokenLength) };
    case 'subscribe':
      return {
        id,
        kind: 'subscribe',
        request: {
          channel: channel(),
          recover: request.recover === true,
          offset: offset(request.offset),
          epoch: text(request.epoch, 'epoch', MAX_EPOCH_LENGTH),
          joinLeave: request.join_leave === true,
          flag: typeof request.flag === 'number' && Number.isSafeInteger(request.flag) ? request.flag : 0,
        },
      };
    case 'unsubscribe':
      return { id, kind: 'unsubscribe', channel: channel() };
    case 'publish':
      return { id, kind: 'publish', channel: channel(), data: request.data };
    case 'history': {
      const since = request.since;
      if (since !== undefined && since !== null && !isObject(since)) throw new BadRequestError('history since must be an object');
      const limit = request.limit ?? 0;
      if (typeof limit !== 'number' || !Number.isSafeInteger(limit)) throw new BadRequestError('history limit must be a whole number');
      return {
        id,
        kind: 'history',
        channel: channel(),
        limit,
        ...(isObject(since) && { since: { offset: offset(since.offset), epoch: text(since.epoch, 'epoch', MAX_EPOCH_LENGTH) } }),
        reverse: request.reverse === true,
      };
    }
    case 'presence':
    case 'presence_stats':
      return { id, kind: method, channel: channel() };
    case 'ping':
      return { id, kind: 'ping' };
    case 'rpc':
    case 'sub_refresh':
      return { id, kind: 'unsupported' };
  }
}

function text(value: unknown, field: string, maxLength: number, { required = false } = {}): string {
  if (value === undefined || value === null) {
    if (required) throw new BadRequestError(`${field} is required`);
    return '';
  }
  if (typeof value !== 'string') throw new BadRequestError(`${field} must be a string`);
  if (value.length > maxLength) throw new BadRequestError(`${field} is longer than ${maxLength} characters`);
  if (required && value === '') throw new BadRequestError(`${field} is required`);
  return value;
}

/** A stream offset: a whole number ≥ 0, as a JSON number or (uint64 in proto3 JSON) a decimal string. */
function offset(value: unknown): number {
  if (value === undefined || value === null) return 0;
  const number = typeof value === 'string' && /^\d{1,16}$/.test(value) ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number) || number < 0) throw new BadRequestError('offset must be a whole number ≥ 0');
  return number;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
