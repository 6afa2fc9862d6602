/**
 * A load-generator process (forked by the orchestrator): opens one socket per member of its groups, sends at a
 * constant rate by the clock (open loop) and checks every delivery: latency from the intended send time, and per
 * (receiver, sender) pair whether each sequence number arrives once and in order.
 */
import { openRawWebSocket } from './raw-websocket';
import { newHistogram, record } from './histogram';
import {
  ConnectCommand,
  encodeContent,
  GeneratorCommand,
  GeneratorInit,
  GeneratorReport,
  groupId,
  StepCommand,
  userId,
  wallNow,
} from './protocol';

interface Client {
  send(text: string): void;
  close(): void;
  readonly isOpen: () => boolean;
}

let init: GeneratorInit;
let members = 0;
/** slot = local group index × members + member index */
let clients: (Client | undefined)[] = [];
/** Slots in sending and connecting order: member 0 of every group, then member 1 of every group... */
let order: number[] = [];
/** Next expected sequence number per (receiver slot, sender member): index receiverSlot × members + senderMember. */
let expected: Int32Array;
/** Sequence numbers skipped over per pair, still awaited (a later arrival is a reordering, not a duplicate). */
const missing = new Map<number, Set<number>>();
/** Last sequence number sent per sender slot. */
let lastSeq: Int32Array;
let roundRobin = 0;

let totalSent = 0;
let totalUnique = 0;
let duplicated = 0;
let reordered = 0;
let errorFrames = 0;
let firstErrorFrame: string | undefined;
let closed = 0;
let firstClose: string | undefined;

// Per-step window.
let windowStart = Infinity;
let windowEnd = -Infinity;
let deliveriesInWindow = 0;
let histogram = newHistogram();
let latencyCount = 0;
let maxLatencyMs = 0;

function report(message: GeneratorReport): void {
  process.send!(message);
}

function deliver(slot: number, content: string): void {
  const now = wallNow();
  const bar1 = content.indexOf('|');
  const bar2 = content.indexOf('|', bar1 + 1);
  const sender = Number(content.slice(0, bar1));
  const seq = Number(content.slice(bar1 + 1, bar2));
  const sentAt = Number(content.slice(bar2 + 1));
  if (!(sender >= 0 && sender < members) || !(seq > 0)) {
    errorFrames++;
    firstErrorFrame ??= `unexpected content: ${content.slice(0, 100)}`;
    return;
  }
  const pair = slot * members + sender;
  const next = expected[pair];
  if (seq === next) {
    expected[pair] = next + 1;
    totalUnique++;
  } else if (seq > next) {
    let gaps = missing.get(pair);
    if (!gaps) missing.set(pair, (gaps = new Set()));
    for (let s = next; s < seq; s++) gaps.add(s);
    expected[pair] = seq + 1;
    totalUnique++;
  } else {
    const gaps = missing.get(pair);
    if (gaps?.delete(seq)) {
      reordered++;
      totalUnique++;
      if (gaps.size === 0) missing.delete(pair);
    } else {
      duplicated++;
      return;
    }
  }
  if (now >= windowStart && now < windowEnd) deliveriesInWindow++;
  if (sentAt >= windowStart && sentAt < windowEnd) {
    const latency = now - sentAt;
    record(histogram, latency);
    latencyCount++;
    if (latency > maxLatencyMs) maxLatencyMs = latency;
  }
}

function onServerFrame(slot: number, text: string): void {
  const kind = text.charCodeAt(2);
  if (kind === 78 /* N: NewMessage */) {
    // ["NewMessage",["group","client","content","timestamp"]]: ids hold no quotes, and neither does our content;
    // anything else goes through JSON.
    const content = fourthQuoted(text);
    if (content !== undefined) return deliver(slot, content);
    const [, fields] = JSON.parse(text) as [string, [string, string, string, string]];
    return deliver(slot, fields[2]);
  }
  if (kind === 73 /* I: Information */) return;
  errorFrames++;
  firstErrorFrame ??= text.slice(0, 200);
}

/**
 * The fourth of exactly five quoted strings (`…"NewMessage"…"group"…"client"…"content"…"time"…`), found with indexOf
 * rather than split: this runs once per delivery, tens of thousands of times a second. Escapes are not decoded: a
 * frame with any other quote goes through JSON, and the benchmark's content holds no backslash.
 */
function fourthQuoted(text: string): string | undefined {
  let quote = -1;
  let contentStart = 0;
  let contentEnd = 0;
  for (let count = 1; count <= 10; count++) {
    quote = text.indexOf('"', quote + 1);
    if (quote < 0) return undefined;
    if (count === 7) contentStart = quote + 1;
    else if (count === 8) contentEnd = quote;
  }
  if (text.indexOf('"', quote + 1) >= 0) return undefined;
  return text.slice(contentStart, contentEnd);
}

function noteClose(slot: number, why: string): void {
  if (clients[slot] === undefined) return;
  closed++;
  firstClose ??= `${groupId(init.groups[Math.floor(slot / members)])}/${userId(slot % members)}: ${why}`;
}

/** A text-frame connection through the minimal client (raw-websocket.ts), the same for both systems. */
function openText(path: string, onText: (text: string, reply: (text: string) => void) => void, onClosed: (why: string) => void): Promise<Client> {
  return openRawWebSocket(Number(new URL(init.baseUrl).port), path, { text: onText, closed: onClosed });
}

function openOurs(slot: number): Promise<Client> {
  const group = groupId(init.groups[Math.floor(slot / members)]);
  const user = userId(slot % members);
  return openText(
    `/v1/messages/${encodeURIComponent(group)}?user=${encodeURIComponent(user)}`,
    (text) => onServerFrame(slot, text),
    (why) => noteClose(slot, why),
  );
}

/**
 * The client protocol v2 by hand (Centrifugal, JSON): connect in development mode (the user in the connect data),
 * subscribe to the group, then publish `{"text": content}`; publications arrive as pushes, the server's pings as `{}`.
 */
function openClientProtocol(slot: number): Promise<Client> {
  const group = groupId(init.groups[Math.floor(slot / members)]);
  const user = userId(slot % members);
  const channel = JSON.stringify(group);
  let nextId = 3;
  return new Promise((resolve, reject) => {
    let subscribed = false;
    let transport: Client | undefined;
    const client: Client = {
      send: (content) => transport!.send(`{"id":${nextId++},"publish":{"channel":${channel},"data":{"text":"${content}"}}}`),
      close: () => transport?.close(),
      isOpen: () => transport?.isOpen() ?? false,
    };
    openText(
      '/connection/websocket',
      (text, reply) => {
        for (const line of text.split('\n')) {
          if (line.startsWith('{"push":')) {
            // {"push":{"channel":…,"pub":{"data":{"text":"CONTENT",…}…}}}: the content holds no quote.
            const start = line.indexOf('"text":"');
            if (start >= 0) deliver(slot, line.slice(start + 8, line.indexOf('"', start + 8)));
          } else if (line === '{}') reply('{}');
          else if (line.startsWith('{"id":1,')) reply(`{"id":2,"subscribe":{"channel":${channel}}}`);
          else if (line.startsWith('{"id":2,')) {
            if (line.includes('"error"')) return reject(new Error(`subscribe refused: ${line.slice(0, 200)}`));
            subscribed = true;
            resolve(client);
          } else if (line.includes('"error"')) {
            errorFrames++;
            firstErrorFrame ??= line.slice(0, 200);
          }
        }
      },
      (why) => (subscribed ? noteClose(slot, why) : reject(new Error(why))),
    ).then((opened) => {
      transport = opened;
      opened.send(`{"id":1,"connect":{"data":{"user":${JSON.stringify(user)}}}}`);
    }, reject);
  });
}

/**
 * The Socket.IO protocol by hand, over a bare `ws` socket: Engine.IO 4 (`0{handshake}`, ping `2` → pong `3`,
 * `4` + Socket.IO packet), Socket.IO 5 (`40` connect to the main namespace, `42[event,...args]`).
 */
function openLeanSocketIo(slot: number): Promise<Client> {
  const group = groupId(init.groups[Math.floor(slot / members)]);
  const user = userId(slot % members);
  return new Promise((resolve, reject) => {
    let joined = false;
    let transport: Client | undefined;
    const client: Client = {
      send: (content) => transport!.send(`42["message",${JSON.stringify(content)}]`),
      close: () => transport?.close(),
      isOpen: () => transport?.isOpen() ?? false,
    };
    openText(
      `/socket.io/?EIO=4&transport=websocket&group=${encodeURIComponent(group)}&user=${encodeURIComponent(user)}`,
      (text, reply) => {
        if (text.startsWith('42')) {
          // 42["NewMessage","group","client","content","timestamp"]
          const quoted = text.startsWith('42["NewMessage"') ? fourthQuoted(text) : undefined;
          if (quoted !== undefined) return deliver(slot, quoted);
          const [event, , , content] = JSON.parse(text.slice(2)) as [string, string, string, string];
          if (event === 'NewMessage') deliver(slot, content);
        } else if (text === '2') reply('3');
        else if (text.startsWith('40') && !joined) {
          joined = true;
          resolve(client);
        } else if (text.startsWith('0')) reply('40');
        else if (text.startsWith('44') && !joined) reject(new Error(`refused: ${text}`));
      },
      (why) => (joined ? noteClose(slot, why) : reject(new Error(why))),
    ).then((opened) => (transport = opened), reject);
  });
}

async function connect({ upTo }: ConnectCommand): Promise<void> {
  const wanted = order.slice(0, Math.min(upTo, order.length)).filter((slot) => clients[slot] === undefined);
  let failed = 0;
  let firstError: string | undefined;
  let next = 0;
  const open = init.system === 'ours' || init.system === 'ours-synced' || init.system === 'floor' ? openOurs : init.system === 'ours-v2' ? openClientProtocol : openLeanSocketIo;
  const worker = async () => {
    while (next < wanted.length) {
      const slot = wanted[next++];
      try {
        clients[slot] = await open(slot);
      } catch (error) {
        failed++;
        firstError ??= error instanceof Error ? error.message : String(error);
      }
    }
  };
  await Promise.all(Array.from({ length: init.connectConcurrency }, worker));
  report({ type: 'connected', open: clients.filter((client) => client?.isOpen()).length, failed, firstError });
}

function step(command: StepCommand): void {
  const senders = order.length;
  const rate = command.ratePerMember * senders; // messages per second, this generator
  const start = command.startAt;
  const measureFrom = start + command.warmupMs;
  const end = measureFrom + command.measureMs;
  const before = { duplicated, reordered, errorFrames, closed };
  windowStart = measureFrom;
  windowEnd = end;
  deliveriesInWindow = 0;
  histogram = newHistogram();
  latencyCount = 0;
  maxLatencyMs = 0;
  firstErrorFrame = undefined;
  firstClose = undefined;
  let sent = 0;
  let sentInWindow = 0;
  let maxSendLagMs = 0;

  // Message k is due at start + k / rate; those due before the end of the window are sent.
  const total = Math.ceil(((end - start) * rate) / 1000);
  const tick = (): void => {
    const now = wallNow();
    const due = now < start ? 0 : Math.min(total, Math.floor(((now - start) * rate) / 1000) + 1);
    while (sent < due) {
      const sendAt = start + (sent * 1000) / rate;
      if (now - sendAt > maxSendLagMs) maxSendLagMs = now - sendAt;
      const slot = order[roundRobin];
      roundRobin = (roundRobin + 1) % senders;
      const seq = ++lastSeq[slot];
      clients[slot]!.send(encodeContent(slot % members, seq, sendAt));
      sent++;
      totalSent++;
      if (sendAt >= measureFrom) sentInWindow++;
    }
    if (now >= end) return drain();
    setTimeout(tick, 1);
  };

  const drain = (): void => {
    const drainStart = wallNow();
    const check = (): void => {
      const outstanding = totalSent * members - totalUnique;
      const elapsed = wallNow() - drainStart;
      if (outstanding > 0 && elapsed < command.drainMs) return void setTimeout(check, 5);
      report({
        type: 'stepDone',
        index: command.index,
        sent,
        sentInWindow,
        deliveriesInWindow,
        histogram: Array.from(histogram),
        latencyCount,
        maxLatencyMs,
        outstanding,
        duplicated: duplicated - before.duplicated,
        reordered: reordered - before.reordered,
        errorFrames: errorFrames - before.errorFrames,
        firstErrorFrame,
        closed: closed - before.closed,
        firstClose,
        maxSendLagMs,
        drainedMs: elapsed,
      });
    };
    check();
  };

  setTimeout(tick, Math.max(0, start - wallNow()));
}

async function close(): Promise<void> {
  const open = clients;
  clients = [];
  for (const client of open) client?.close();
  await new Promise((resolve) => setTimeout(resolve, 200));
  report({ type: 'closed' });
  process.exit(0);
}

process.on('message', (command: GeneratorCommand) => {
  try {
    switch (command.type) {
      case 'init': {
        init = command;
        members = command.members;
        const slots = command.groups.length * members;
        clients = new Array(slots).fill(undefined);
        order = [];
        for (let member = 0; member < members; member++) {
          for (let group = 0; group < command.groups.length; group++) order.push(group * members + member);
        }
        expected = new Int32Array(slots * members).fill(1);
        lastSeq = new Int32Array(slots);
        return report({ type: 'ready' });
      }
      case 'connect':
        return void connect(command).catch((error) => report({ type: 'failure', message: String(error) }));
      case 'step':
        return step(command);
      case 'close':
        return void close();
    }
  } catch (error) {
    report({ type: 'failure', message: error instanceof Error ? (error.stack ?? error.message) : String(error) });
  }
});

// The orchestrator gone (crash, Ctrl-C): nothing to generate for.
process.on('disconnect', () => process.exit(0));
