import { encodeInformation, encodeNewMessage, InformationText } from '../../../../presentation/websocket/v1-frame.codec';
import { showAsPositionPalBrowser } from '../../../support/position-pal-browser';

const AT = '2025-03-01T10:15:30.123Z';

describe("the v1 frames, read by position-pal's browser rules", () => {
  it('shows a NewMessage as a chat message from its sender, the outer quotes of the sent JSON string stripped', () => {
    const sent = JSON.stringify('hello "world"');
    const frame = encodeNewMessage({ groupId: 'g', seq: 1, senderId: 'alice', text: sent, at: AT });
    expect(showAsPositionPalBrowser(frame)).toEqual({
      kind: 'message',
      groupId: 'g',
      sender: 'alice',
      content: sent,
      text: 'hello \\"world\\"',
      at: new Date(AT),
    });
  });

  it('shows every Information text as a notice about its client, binary frames as text frames', () => {
    for (const text of Object.values(InformationText)) {
      const frame = encodeInformation(text, 'bob', '2025-03-01T10:15:30Z');
      expect(showAsPositionPalBrowser(Buffer.from(frame))).toEqual({ kind: 'notice', text, clientId: 'bob', at: new Date('2025-03-01T10:15:30Z') });
    }
  });

  it('cannot show one-key object frames', () => {
    expect(() => showAsPositionPalBrowser(JSON.stringify({ NewMessage: ['g', 'alice', 'hi', AT] }))).toThrow(/data is not iterable/);
    expect(() => showAsPositionPalBrowser(JSON.stringify({ Information: ['client joined the group', 'bob', AT] }))).toThrow(
      /data is not iterable/,
    );
  });

  it('refuses any other frame type, which that browser would show as a chat message', () => {
    expect(() => showAsPositionPalBrowser(JSON.stringify(['Error', ['EMPTY_MESSAGE', 'message text is empty', AT]]))).toThrow(
      /type "Error" would be shown as a chat message/,
    );
  });

  it('refuses unknown notice texts, missing fields and unreadable times', () => {
    expect(() => showAsPositionPalBrowser(JSON.stringify(['Information', ['client joined', 'bob', AT]]))).toThrow(/unknown notice text/);
    expect(() => showAsPositionPalBrowser(JSON.stringify(['NewMessage', ['g', 'alice']]))).toThrow(/must be strings/);
    expect(() => showAsPositionPalBrowser(JSON.stringify(['NewMessage', ['g', 'alice', 'hi', 'yesterday']]))).toThrow(/is not a time/);
    expect(() => showAsPositionPalBrowser('"NewMessage"')).toThrow(/not an array/);
    expect(() => showAsPositionPalBrowser('not json')).toThrow(/JSON.parse throws/);
  });
});
