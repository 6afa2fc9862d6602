/**
 * A complete WebSocket text frame (RFC 6455, section 5.2) as a server sends it: final, unmasked. A server's frames
 * are the same bytes for every recipient, so a group's frame is built once per event and written as it is to each
 * member's socket, where `ws` would build a header and issue two writes per recipient.
 */
export function textFrame(text: string): Buffer {
  const payloadLength = Buffer.byteLength(text, 'utf8');
  const headerLength = payloadLength < 126 ? 2 : payloadLength < 0x10000 ? 4 : 10;
  const frame = Buffer.allocUnsafe(headerLength + payloadLength);
  frame[0] = 0x81; // FIN, opcode 1 (text)
  if (payloadLength < 126) {
    frame[1] = payloadLength;
  } else if (payloadLength < 0x10000) {
    frame[1] = 126;
    frame.writeUInt16BE(payloadLength, 2);
  } else {
    frame[1] = 127;
    frame.writeBigUInt64BE(BigInt(payloadLength), 2);
  }
  frame.write(text, headerLength, 'utf8');
  return frame;
}
