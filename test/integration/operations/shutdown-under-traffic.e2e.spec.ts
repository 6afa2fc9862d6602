import { ChatSocketClient, Closed } from '../../support/chat-socket-client';
import { seededStore } from '../../support/seeded-store';
import { startService } from '../../support/service-process';

interface HistoryPage {
  messages: { seq: number; senderId: string; text: string }[];
  nextBeforeSeq?: number;
}

/** Reads a group's whole history over HTTP, newest page first, and returns it oldest first. */
async function wholeHistory(httpUrl: string, groupId: string) {
  const messages: HistoryPage['messages'] = [];
  let beforeSeq: number | undefined;
  do {
    const query = new URLSearchParams({ limit: '500', ...(beforeSeq !== undefined && { beforeSeq: String(beforeSeq) }) });
    const response = await fetch(`${httpUrl}/v1/groups/${groupId}/messages?${query}`);
    expect(response.status).toBe(200);
    const page = (await response.json()) as HistoryPage;
    messages.unshift(...page.messages);
    beforeSeq = page.nextBeforeSeq;
  } while (beforeSeq !== undefined);
  return messages;
}

describe('SIGTERM under traffic', () => {
  it('loses no acknowledged message: every message a sender saw echoed is in the store after a restart', async () => {
    const users = ['alice', 'bob', 'carol'];
    const store = await seededStore([{ groupId: 'busy', members: users }]);
    // No rate limit in the way: the point is as much traffic as possible when the signal lands.
    const settings = { DATA_DIR: store.path, WS_MESSAGES_PER_SECOND: '100000', WS_MESSAGE_BURST: '100000' };
    const service = await startService(settings);
    const sockets = await Promise.all(users.map((user) => ChatSocketClient.member(service.httpUrl, 'busy', user)));

    // A message is acknowledged when its sender receives it back: the service sends it only once it is stored.
    const acknowledged = new Set<string>();
    sockets.forEach((socket, index) =>
      socket.socket.on('message', (data) => {
        const [type, fields] = JSON.parse(String(data)) as [string, [string, string, string, string]];
        if (type === 'NewMessage' && fields[1] === users[index]) acknowledged.add(fields[2]);
      }),
    );
    let sent = 0;
    const sending = sockets.map((socket, index) => {
      let n = 0;
      const timer = setInterval(() => {
        if (socket.socket.readyState !== socket.socket.OPEN) return clearInterval(timer);
        for (let burst = 0; burst < 5; burst++, sent++) socket.send(`${users[index]}-${n++}`);
      }, 2);
      return timer;
    });

    // Let traffic build, then stop the service while the clients keep sending.
    while (acknowledged.size < 300) await new Promise((resolve) => setTimeout(resolve, 20));
    const exit = await service.stop('SIGTERM');
    const closes: Closed[] = await Promise.all(sockets.map((socket) => socket.closed));
    sending.forEach(clearInterval);

    expect(exit).toEqual({ code: 0, signal: null });
    for (const closed of closes) expect(closed.code).toBe(1001);
    expect(sent).toBeGreaterThan(acknowledged.size); // some were still in flight when the signal came

    const restarted = await startService(settings);
    try {
      const history = await wholeHistory(restarted.httpUrl, 'busy');
      const stored = history.map((message) => message.text);
      expect(history.map((message) => message.seq)).toEqual(history.map((_, index) => index + 1));
      expect(new Set(stored).size).toBe(stored.length);
      const missing = [...acknowledged].filter((text) => !stored.includes(text));
      expect(missing).toEqual([]);
      // Each sender's stored messages are what it sent, in order, up to where the shutdown cut it off: none skipped.
      for (const user of users) {
        const own = stored.filter((text) => text.startsWith(`${user}-`)).map((text) => Number(text.slice(user.length + 1)));
        expect(own).toEqual(own.map((_, index) => index));
      }
    } finally {
      await restarted.stop();
      store.remove();
    }
  }, 60_000);
});
