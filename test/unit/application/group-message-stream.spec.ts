import { GroupMessageStream } from '../../../application/group-message-stream';
import { NotAMemberError } from '../../../domain/group/group.errors';
import { InMemoryEventStore } from '../../../infrastructure/event-store/memory/in-memory-event-store';
import { chatApplication } from '../../support/chat-application';

describe('GroupMessageStream', () => {
  let store: InMemoryEventStore;
  let app: ReturnType<typeof chatApplication>;
  let stream: GroupMessageStream;
  let epoch: string;

  beforeEach(async () => {
    store = new InMemoryEventStore();
    app = chatApplication(store);
    stream = new GroupMessageStream(app.repository, store, store, 3);
    await app.createGroup.execute({ groupId: 'g', createdBy: 'alice' });
    await app.addMember.execute({ groupId: 'g', memberId: 'bob' });
    for (const text of ['one', 'two', 'three', 'four', 'five']) await app.postMessage.execute({ groupId: 'g', senderId: 'alice', text });
    ({ epoch } = await stream.position('g', 'bob'));
  });

  const texts = (messages: { text: string }[]) => messages.map((message) => message.text);

  it('given a group, then its position is its last message and its epoch the id of its first event', async () => {
    const [first] = await store.readStream('g', { limit: 1 });
    expect(await stream.position('g', 'bob')).toEqual({ offset: 5, epoch: first.eventId });
  });

  it('given a member missing at most the limit, when it recovers, then it gets what it missed, oldest first', async () => {
    const recovery = await stream.recover('g', 'bob', { offset: 2, epoch });
    expect(recovery).toMatchObject({ recovered: true, position: { offset: 5, epoch } });
    expect(texts(recovery.messages)).toEqual(['three', 'four', 'five']);
    expect(await stream.recover('g', 'bob', { offset: 5, epoch })).toMatchObject({ recovered: true, messages: [] });
  });

  it('given a member further behind than the limit, or in another stream, then it is told to reload', async () => {
    expect(await stream.recover('g', 'bob', { offset: 1, epoch })).toMatchObject({ recovered: false, messages: [] });
    expect(await stream.recover('g', 'bob', { offset: 4, epoch: 'another' })).toMatchObject({ recovered: false });
    expect(await stream.recover('g', 'bob', { offset: 9, epoch })).toMatchObject({ recovered: false });
    // An empty epoch stands for any: what an SDK sends that never saw one.
    expect(await stream.recover('g', 'bob', { offset: 4, epoch: '' })).toMatchObject({ recovered: true });
  });

  it('pages forward, from a position, backward, and caps every page at the limit', async () => {
    expect(texts((await stream.page('g', 'bob', { limit: 2 })).messages)).toEqual(['one', 'two']);
    expect(texts((await stream.page('g', 'bob', { limit: 10, since: { offset: 1, epoch } })).messages)).toEqual(['two', 'three', 'four']);
    expect(texts((await stream.page('g', 'bob', { limit: 2, reverse: true })).messages)).toEqual(['five', 'four']);
    expect(texts((await stream.page('g', 'bob', { limit: 2, since: { offset: 3, epoch }, reverse: true })).messages)).toEqual(['two', 'one']);
    expect((await stream.page('g', 'bob', { limit: 0 })).messages).toEqual([]);
    await expect(stream.page('g', 'bob', { limit: 2, since: { offset: 1, epoch: 'another' } })).rejects.toMatchObject({ code: 'UNRECOVERABLE_POSITION' });
  });

  it('refuses whoever is not a member', async () => {
    await expect(stream.position('g', 'mallory')).rejects.toBeInstanceOf(NotAMemberError);
    await expect(stream.page('g', 'mallory', { limit: 1 })).rejects.toBeInstanceOf(NotAMemberError);
  });
});
