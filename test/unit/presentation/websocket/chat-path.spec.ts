import { parseChatPath } from '../../../../presentation/websocket/chat-path';

describe('parseChatPath', () => {
  it('reads the group from the path and the user from the query, decoded', () => {
    expect(parseChatPath('/v1/messages/g%201?user=ali%C3%A7e')).toEqual({ kind: 'chat', groupId: 'g 1', userId: 'aliçe' });
  });

  it.each([
    ['/v1/messages', 4400],
    ['/v1/messages/', 4400],
    ['/v1/messages/%20?user=a', 4400],
    ['/v1/messages/a/b?user=a', 4400],
    ['/v1/messages/%ZZ?user=a', 4400],
    ['/v1/messages/g', 4401],
    ['/v1/messages/g?user=', 4401],
    ['/v1/messages/g?user=%20', 4401],
    ['/v1/messages/g?user=a&user=b', 4401],
  ])('refuses %s with %i', (url, code) => {
    expect(parseChatPath(url)).toMatchObject({ kind: 'refused', refusal: { code } });
  });

  it.each(['/', '/health', '/v1/messagesX/g?user=a', '/v2/messages/g?user=a'])('leaves %s to others', (url) => {
    expect(parseChatPath(url)).toEqual({ kind: 'elsewhere' });
  });
});
