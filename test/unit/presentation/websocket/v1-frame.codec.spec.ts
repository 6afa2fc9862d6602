import { encodeInformation, encodeNewMessage, InformationText, javaInstant } from '../../../../presentation/websocket/v1-frame.codec';

describe('the v1 frame codec', () => {
  it('encodes a message as ["NewMessage",[groupId, clientId, content, timestamp]], the content exactly as sent', () => {
    // What position-pal's browser sends: JSON.stringify(text), quotes included.
    const sent = JSON.stringify('a "quoted" ✓');
    const frame = encodeNewMessage({ groupId: 'g', seq: 7, senderId: 'alice', text: sent, at: '2025-03-01T10:15:30.123Z' });
    expect(frame).toBe('["NewMessage",["g","alice","\\"a \\\\\\"quoted\\\\\\" ✓\\"","2025-03-01T10:15:30.123Z"]]');
    expect(JSON.parse(frame)).toEqual(['NewMessage', ['g', 'alice', sent, '2025-03-01T10:15:30.123Z']]);
  });

  it('encodes the four information texts exactly', () => {
    expect(Object.values(InformationText)).toEqual([
      'client joined the group',
      'client leaved the group',
      'client connected to the group',
      'client disconnected from the group',
    ]);
    expect(encodeInformation(InformationText.left, 'bob', '2025-03-01T10:15:30.120Z')).toBe(
      '["Information",["client leaved the group","bob","2025-03-01T10:15:30.120Z"]]',
    );
  });

  it('prints timestamps in UTC as Instant.toString() does: milliseconds, none on a whole second', () => {
    expect(javaInstant('2025-03-01T11:15:30.007+01:00')).toBe('2025-03-01T10:15:30.007Z');
    expect(javaInstant('2025-03-01T11:15:30+01:00')).toBe('2025-03-01T10:15:30Z');
    expect(javaInstant('2025-03-01T10:15:30.000Z')).toBe('2025-03-01T10:15:30Z');
    expect(javaInstant('2025-03-01T10:15:30.123Z')).toBe('2025-03-01T10:15:30.123Z');
  });
});
