#!/usr/bin/env node
// A terminal chat client for the v1 WebSocket, for the README's walk-through and for trying a running service:
//   node scripts/chat.js GROUP USER [ws://HOST:PORT]      (defaults to ws://localhost:$HTTP_PORT, or 8081)
// Every line typed is a message; every frame the service sends is printed as a line; Ctrl-C or Ctrl-D leaves.
const WebSocket = require('ws');
const readline = require('node:readline');

const [group, user, base = `ws://localhost:${process.env.HTTP_PORT || 8081}`] = process.argv.slice(2);
if (!group || !user) {
  process.stderr.write('usage: node scripts/chat.js GROUP USER [ws://HOST:PORT]\n');
  process.exit(2);
}

const url = `${base}/v1/messages/${encodeURIComponent(group)}?user=${encodeURIComponent(user)}`;
const socket = new WebSocket(url);
let opened = false;

/** A v1 frame as a line: `[time] sender: text` for a message, `[time] * user text` for a notice. */
function show(frame) {
  try {
    const [type, fields] = JSON.parse(frame);
    const time = new Date(fields[fields.length - 1]).toLocaleTimeString();
    if (type === 'NewMessage') return `[${time}] ${fields[1]}: ${fields[2]}`;
    if (type === 'Information') return `[${time}] * ${fields[1]} ${fields[0].replace(/^client /, '')}`;
  } catch {
    // Shown as it came.
  }
  return frame;
}

socket.on('open', () => {
  opened = true;
  // Not "connected" yet: a refused user is closed right after the upgrade. An accepted socket's first frame says so.
  const input = readline.createInterface({ input: process.stdin });
  input.on('line', (line) => line.trim() && socket.send(line));
  input.on('close', () => socket.close(1000));
});
let frames = 0;
socket.on('message', (data) => {
  console.log(show(String(data)));
  if (++frames === 1) console.log('(type a message and press Enter; Ctrl-D leaves)');
});
socket.on('unexpected-response', (_request, response) => {
  process.stderr.write(`the service refused the connection: HTTP ${response.statusCode} (is ${base} the chat service?)\n`);
  process.exit(1);
});
socket.on('error', (error) => {
  if (opened) return;
  process.stderr.write(`cannot connect to ${base}: ${error.code ?? error.message} (is the service running?)\n`);
  process.exit(1);
});
socket.on('close', (code, reason) => {
  const why = reason.length > 0 ? `${code} ${reason}` : String(code);
  if (code === 1000 || code === 1005) console.log('left the chat');
  else process.stderr.write(`the service closed the connection: ${why}\n`);
  process.exit(code === 1000 || code === 1005 ? 0 : 1);
});
