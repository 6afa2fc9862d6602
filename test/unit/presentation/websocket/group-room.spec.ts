import { Writable } from 'node:stream';
import { RecordedGroupEvent } from '../../../../application/recorded-group-event';
import { GroupEventSubscriber } from '../../../../application/ports/group-event-publisher.port';
import { GroupEvent } from '../../../../domain/group/events/group-event';
import { InProcessGroupEventBus } from '../../../../infrastructure/messaging/in-process-group-event.bus';
import { InProcessPresenceBus } from '../../../../infrastructure/presence/in-process-presence.bus';
import { ChatConnection } from '../../../../presentation/websocket/chat-connection';
import { Closing, CloseReason } from '../../../../presentation/websocket/close-codes';
import { GroupRoom } from '../../../../presentation/websocket/group-room';

// ws's own frame parser, as a client uses it: exported by ws, though not by its type definitions.
const { Receiver } = require('ws') as { Receiver: new (options: { isServer: boolean }) => Writable };

const GROUP = 'g1';
const AT = '2026-12-01T10:00:00.000Z';

/**
 * What one socket was sent: each write as the frames a WebSocket client reads from it, and its close, if any. Like a
 * real connection it takes no frames once closed, and it can be told to fail its next write.
 */
class RecordingConnection {
  readonly writes: string[][] = [];
  closedWith?: CloseReason;
  failNextWrite = false;

  constructor(readonly userId: string) {}

  get hasEnded(): boolean {
    return this.closedWith !== undefined;
  }

  send(frames: Buffer): void {
    if (this.hasEnded) return;
    if (this.failNextWrite) {
      this.failNextWrite = false;
      throw new Error('write failed');
    }
    const texts: string[] = [];
    const receiver = new Receiver({ isServer: false });
    receiver.on('message', (data: Buffer) => texts.push(data.toString('utf8')));
    receiver.write(frames);
    this.writes.push(texts);
  }

  close(reason: CloseReason): void {
    this.closedWith ??= reason;
  }
}

function recorded(version: number, event: GroupEvent): RecordedGroupEvent {
  return { streamId: GROUP, version, eventId: `e${version}`, recordedAt: AT, metadata: {}, ...event };
}

function posted(seq: number, senderId: string, text: string): RecordedGroupEvent {
  return recorded(seq + 2, {
    type: 'MessagePosted',
    schemaVersion: 1,
    data: { groupId: GROUP, seq, senderId, text, at: AT },
  });
}

const AT_IN_FRAMES = '2026-12-01T10:00:00Z';
const newMessage = (senderId: string, text: string) => JSON.stringify(['NewMessage', [GROUP, senderId, text, AT_IN_FRAMES]]);
const information = (text: string, userId: string) => JSON.stringify(['Information', [text, userId, AT_IN_FRAMES]]);
const connectedNotice = (userId: string) => [information('client connected to the group', userId)];

/** The bus heard as it is: the events the tests publish are already in order. */
function heardDirectly(bus: InProcessGroupEventBus): GroupEventSubscriber {
  return {
    subscribe: (groupId, listener) => {
      const listening = bus.listen(groupId, listener);
      return { ready: listening.then(() => undefined), unsubscribe: () => void listening.then((stop) => stop()) };
    },
  };
}

/** Lets the job that published finish, as the event loop does before the room writes. */
const endOfJob = () => new Promise<void>((resolve) => setImmediate(resolve));

describe('GroupRoom', () => {
  let events: InProcessGroupEventBus;
  let presence: InProcessPresenceBus;
  let room: GroupRoom;

  beforeEach(() => {
    events = new InProcessGroupEventBus();
    presence = new InProcessPresenceBus();
    sendErrors = [];
    room = new GroupRoom(GROUP, heardDirectly(events), presence, () => {}, undefined, (error) => sendErrors.push(error));
  });
  let sendErrors: unknown[];

  function connect(userId: string): RecordingConnection {
    const connection = new RecordingConnection(userId);
    room.add(connection as unknown as ChatConnection);
    return connection;
  }

  /** A member's socket, past its check and its own connected notice. */
  function join(userId: string): RecordingConnection {
    const connection = connect(userId);
    room.activate(connection as unknown as ChatConnection, AT);
    connection.writes.splice(0);
    return connection;
  }

  it('given a socket whose check passed, then its first frame is the connected notice about its own user', () => {
    const alice = connect('alice');
    expect(room.activate(alice as unknown as ChatConnection, AT)).toBe(true);
    expect(alice.writes).toEqual([connectedNotice('alice')]);
  });

  it('given a second socket of a user, then it gets its own connected notice and the first socket gets nothing', () => {
    const phone = join('alice');
    const laptop = connect('alice');
    room.activate(laptop as unknown as ChatConnection, AT);
    expect(laptop.writes).toEqual([connectedNotice('alice')]);
    expect(phone.writes).toEqual([]);
  });

  it('given two members, when one append publishes three messages, then each socket gets them in one write, in order', async () => {
    const alice = join('alice');
    const bob = join('bob');

    events.publish([posted(1, 'alice', 'one'), posted(2, 'bob', 'two'), posted(3, 'alice', 'three')]);
    await endOfJob();

    const burst = [newMessage('alice', 'one'), newMessage('bob', 'two'), newMessage('alice', 'three')];
    expect(alice.writes).toEqual([burst]);
    expect(bob.writes).toEqual([burst]);
  });

  it('given a member, when messages are published in separate jobs, then each job is its own write', async () => {
    const alice = join('alice');

    events.publish([posted(1, 'alice', 'one')]);
    await endOfJob();
    events.publish([posted(2, 'alice', 'two')]);
    await endOfJob();

    expect(alice.writes).toEqual([[newMessage('alice', 'one')], [newMessage('alice', 'two')]]);
  });

  it('given a burst with a presence change, then the user it concerns gets the burst without it and the others get all', async () => {
    const alice = join('alice');
    const bob = join('bob');

    events.publish([posted(1, 'bob', 'hi')]);
    presence.publish({ groupId: GROUP, userId: 'alice', change: 'connected', at: AT });
    await endOfJob();

    const connected = information('client connected to the group', 'alice');
    expect(bob.writes).toEqual([[newMessage('bob', 'hi'), connected]]);
    expect(alice.writes).toEqual([[newMessage('bob', 'hi')]]);
  });

  it('given a member removed in the same burst as a message, then they read the message, not the departure, then are closed', async () => {
    const alice = join('alice');
    const bob = join('bob');

    events.publish([
      posted(1, 'bob', 'bye alice'),
      recorded(4, { type: 'MemberRemoved', schemaVersion: 1, data: { groupId: GROUP, memberId: 'alice', at: AT } }),
    ]);

    const left = information('client leaved the group', 'alice');
    expect(alice.writes).toEqual([[newMessage('bob', 'bye alice')]]);
    expect(alice.closedWith).toEqual(Closing.removed);
    await endOfJob();
    expect(bob.writes).toEqual([[newMessage('bob', 'bye alice'), left]]);
    expect(bob.closedWith).toBeUndefined();
  });

  it('given a socket whose check passes in the same job as a burst, then it gets only what is published after it', async () => {
    const alice = join('alice');
    const bob = connect('bob');

    events.publish([posted(1, 'alice', 'before bob was in')]);
    room.activate(bob as unknown as ChatConnection, AT);
    events.publish([posted(2, 'alice', 'after')]);
    await endOfJob();

    expect(alice.writes).toEqual([[newMessage('alice', 'before bob was in')], [newMessage('alice', 'after')]]);
    expect(bob.writes).toEqual([connectedNotice('bob'), [newMessage('alice', 'after')]]);
  });

  it('given a socket whose write fails, then it is closed and reported, and the others still get the burst', async () => {
    const alice = join('alice');
    const bob = join('bob');
    const carol = join('carol');
    bob.failNextWrite = true;

    events.publish([posted(1, 'alice', 'hello')]);
    await endOfJob();

    expect(alice.writes).toEqual([[newMessage('alice', 'hello')]]);
    expect(carol.writes).toEqual([[newMessage('alice', 'hello')]]);
    expect(bob.writes).toEqual([]);
    expect(bob.closedWith).toEqual(Closing.internalError);
    expect(sendErrors).toHaveLength(1);
  });

  it('given a deleted group, then its members read the burst before it, then are closed', () => {
    const alice = join('alice');

    events.publish([
      posted(1, 'alice', 'last words'),
      recorded(4, { type: 'GroupDeleted', schemaVersion: 1, data: { groupId: GROUP, at: AT } }),
    ]);

    expect(alice.writes).toEqual([[newMessage('alice', 'last words')]]);
    expect(alice.closedWith).toEqual(Closing.groupDeleted);
  });
});
