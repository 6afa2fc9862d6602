import { encodeError, encodeInformation, encodeNewMessage, InformationText } from '../../../../presentation/websocket/v1-frame.codec';

describe('the v1 frame codec', () => {
  it('encodes a message as {"NewMessage":[groupId, clientId, content, timestamp]}', () => {
    const frame = encodeNewMessage({ groupId: 'g', seq: 7, senderId: 'alice', text: 'a "quoted" ✓', at: '2025-03-01T10:15:30.123Z' });
    expect(frame).toBe('{"NewMessage":["g","alice","a \\"quoted\\" ✓","2025-03-01T10:15:30.123Z"]}');
  });

  it('encodes the four information texts exactly', () => {
    expect(Object.values(InformationText)).toEqual([
      'client joined the group',
      'client leaved the group',
      'client connected to the group',
      'client disconnected from the group',
    ]);
    expect(encodeInformation(InformationText.left, 'bob', '2025-03-01T10:15:30.000Z')).toBe(
      '{"Information":["client leaved the group","bob","2025-03-01T10:15:30.000Z"]}',
    );
  });

  it('prints every timestamp in UTC with milliseconds, as Instant.toString() does', () => {
    expect(encodeInformation(InformationText.joined, 'c', '2025-03-01T11:15:30+01:00')).toContain('"2025-03-01T10:15:30.000Z"');
  });

  it('encodes an error as a single-key frame beside the v1 ones', () => {
    expect(encodeError('EMPTY_MESSAGE', 'message text is empty', '2025-03-01T10:15:30.123Z')).toBe(
      '{"Error":["EMPTY_MESSAGE","message text is empty","2025-03-01T10:15:30.123Z"]}',
    );
  });
});
