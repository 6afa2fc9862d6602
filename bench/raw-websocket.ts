/**
 * A minimal WebSocket client straight on a TCP socket, for the load generator: the handshake, unmasked server frames
 * parsed in place from each chunk (text, close, ping), text frames sent with one write and an all-zero mask. It costs
 * the generator a fraction of what `ws` does per received frame, so that on a 2-core machine the shared CPU goes to
 * the servers under test rather than to their client. Only what a benchmark needs; never for production.
 */
import { createHash, randomBytes } from 'node:crypto';
import { connect } from 'node:net';

export interface RawWebSocket {
  send(text: string): void;
  close(): void;
  isOpen(): boolean;
}

export interface RawWebSocketHandlers {
  /** `reply` sends on this socket (usable before the open promise has settled). */
  text(text: string, reply: (text: string) => void): void;
  /** The connection ended after it had opened (close frame, reset, end). */
  closed(why: string): void;
}

const GUID = '258EAFA5-E914-47DA-95CA-C5AB0DC85B11';
const ZERO_MASK = Buffer.alloc(4);
/**
 * Every socket of the process reads into this one buffer (net's `onread`): a read is handed over synchronously and
 * parsed before the next one, so no per-read Buffer is allocated and no stream `data` event is emitted. Only the
 * unfinished tail of a chunk is copied out. With 2,000 sockets and one frame per read, that bookkeeping was a good
 * part of the generator's own CPU, which the servers under test share the machine with.
 */
const READ_BUFFER = Buffer.allocUnsafe(256 * 1024);

export function openRawWebSocket(port: number, path: string, handlers: RawWebSocketHandlers): Promise<RawWebSocket> {
  return new Promise((resolve, reject) => {
    const key = randomBytes(16).toString('base64');
    const accept = createHash('sha1').update(key + GUID).digest('base64');
    const socket = connect({
      host: '127.0.0.1',
      port,
      noDelay: true,
      onread: { buffer: READ_BUFFER, callback: (nread: number) => received(nread) },
    });
    let state: 'handshake' | 'open' | 'closed' = 'handshake';
    let pending: Buffer | undefined;
    let fragments: Buffer[] = [];

    const end = (why: string) => {
      if (state === 'closed') return;
      const wasOpen = state === 'open';
      state = 'closed';
      socket.destroy();
      if (wasOpen) handlers.closed(why);
      else reject(new Error(why));
    };

    const control = (opcode: number, payload: Buffer) => {
      const header = Buffer.from([0x80 | opcode, 0x80 | payload.length]);
      socket.write(Buffer.concat([header, ZERO_MASK, payload]));
    };

    // `chunk` is READ_BUFFER (or a handshake's rest) holding `size` new bytes, valid only until this returns: what is
    // kept is copied.
    const frames = (chunk: Buffer, size: number) => {
      let buffer = chunk;
      let limit = size;
      if (pending) {
        buffer = Buffer.concat([pending, chunk.subarray(0, size)]);
        limit = buffer.length;
        pending = undefined;
      }
      let offset = 0;
      while (limit - offset >= 2) {
        const first = buffer[offset];
        const second = buffer[offset + 1];
        let length = second & 0x7f;
        let header = 2;
        if (length === 126) {
          if (limit - offset < 4) break;
          length = buffer.readUInt16BE(offset + 2);
          header = 4;
        } else if (length === 127) {
          if (limit - offset < 10) break;
          length = Number(buffer.readBigUInt64BE(offset + 2));
          header = 10;
        }
        if (second & 0x80) return end('the server sent a masked frame');
        if (limit - offset < header + length) break;
        const from = offset + header;
        const to = from + length;
        offset = to;
        const opcode = first & 0x0f;
        const fin = (first & 0x80) !== 0;
        if (opcode === 1 || opcode === 0) {
          if (fin && fragments.length === 0) handlers.text(buffer.toString('utf8', from, to), api.send);
          else {
            fragments.push(Buffer.from(buffer.subarray(from, to)));
            if (fin) {
              const whole = Buffer.concat(fragments);
              fragments = [];
              handlers.text(whole.toString('utf8'), api.send);
            }
          }
        } else if (opcode === 8) {
          const payload = buffer.subarray(from, to);
          const code = payload.length >= 2 ? payload.readUInt16BE(0) : 1005;
          if (state === 'open') control(8, Buffer.from(payload.subarray(0, 2)));
          return end(`close ${code} ${payload.subarray(2).toString('utf8')}`);
        } else if (opcode === 9) {
          control(10, Buffer.from(buffer.subarray(from, to)));
        }
        if (state === 'closed') return;
      }
      if (offset < limit) pending = Buffer.from(buffer.subarray(offset, limit));
    };

    const api: RawWebSocket = {
      send(text) {
        const payload = Buffer.from(text, 'utf8');
        const length = payload.length;
        const header = length < 126 ? Buffer.from([0x81, 0x80 | length]) : Buffer.from([0x81, 0x80 | 126, length >> 8, length & 0xff]);
        // Masking with a key of zeros leaves the payload as it is: one copy, one write.
        socket.write(Buffer.concat([header, ZERO_MASK, payload], header.length + 4 + length));
      },
      close() {
        if (state !== 'open') return;
        control(8, Buffer.from([0x03, 0xe8]));
        state = 'closed';
        socket.end();
      },
      isOpen: () => state === 'open',
    };

    let response = '';
    // Returns true: `false` would pause the socket, and the generator reads everything it is sent.
    const received = (size: number): true => {
      if (state === 'open') frames(READ_BUFFER, size);
      if (state !== 'handshake') return true;
      response += READ_BUFFER.toString('latin1', 0, size);
      const headerEnd = response.indexOf('\r\n\r\n');
      if (headerEnd < 0) return true;
      const head = response.slice(0, headerEnd);
      if (!/^HTTP\/1\.1 101/.test(head)) {
        end(`refused: ${head.split('\r\n')[0]}`);
        return true;
      }
      if (!new RegExp(`^sec-websocket-accept: *${accept.replace(/[+/=]/g, '\\$&')}`, 'im').test(head)) {
        end('wrong Sec-WebSocket-Accept');
        return true;
      }
      state = 'open';
      resolve(api);
      const rest = Buffer.from(response.slice(headerEnd + 4), 'latin1');
      response = '';
      if (rest.length > 0) frames(rest, rest.length);
      return true;
    };
    socket.on('error', (error) => end(error.message));
    socket.on('close', () => end('connection closed'));
    socket.write(
      `GET ${path} HTTP/1.1\r\nHost: 127.0.0.1:${port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n` +
        `Sec-WebSocket-Key: ${key}\r\nSec-WebSocket-Version: 13\r\n\r\n`,
    );
  });
}
