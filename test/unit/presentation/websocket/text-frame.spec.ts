import { Writable } from 'node:stream';
import { textFrame } from '../../../../presentation/websocket/text-frame';

// ws's own frame parser, as a client uses it: exported by ws, though not by its type definitions.
const { Receiver } = require('ws') as { Receiver: new (options: { isServer: boolean }) => Writable };

/** Reads frames with ws's own receiver, as a client would. */
function parse(frame: Buffer): string[] {
  const messages: string[] = [];
  const receiver = new Receiver({ isServer: false });
  receiver.on('message', (data: Buffer, isBinary: boolean) => messages.push(isBinary ? '<binary>' : data.toString('utf8')));
  receiver.write(frame);
  return messages;
}

describe('textFrame', () => {
  it.each([
    ['a short text (7-bit length)', 'hello'],
    ['the longest 7-bit length', 'x'.repeat(125)],
    ['a 16-bit length', 'x'.repeat(126)],
    ['the longest 16-bit length', 'x'.repeat(0xffff)],
    ['a 64-bit length', 'x'.repeat(0x10000)],
    ['multi-byte characters, counted in bytes', '😀 é ü '.repeat(30)],
    ['an empty text', ''],
  ])('frames %s so that a WebSocket client reads it back as one text message', (_, text) => {
    expect(parse(textFrame(text))).toEqual([text]);
  });

  it('frames several texts that a client reads back in order from one buffer', () => {
    expect(parse(Buffer.concat([textFrame('one'), textFrame('two')]))).toEqual(['one', 'two']);
  });
});
