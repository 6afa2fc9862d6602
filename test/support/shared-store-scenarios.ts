import { EventStore } from '../../application/ports/event-store.port';
import { MessageIndex } from '../../application/ports/message-index.port';
import { chatApplication } from './chat-application';

/**
 * Two instances over one store that neither writes alone: what one remembers of a group may be stale, so refusals and
 * no-ops must be decided on the store's state. Asserted with jest's expect, on any such store.
 */
export async function instancesDecideOnTheStore(store: EventStore & MessageIndex): Promise<void> {
  const first = chatApplication(store);
  const second = chatApplication(store);
  await first.createGroup.execute({ groupId: 'shared', createdBy: 'alice' });
  await first.postMessage.execute({ groupId: 'shared', senderId: 'alice', text: 'the first instance remembers this' });

  // Members added through the other instance ...
  await second.addMember.execute({ groupId: 'shared', memberId: 'bob' });
  await second.addMember.execute({ groupId: 'shared', memberId: 'carol' });

  // ... may post and be removed through this one, though its cache knew neither.
  await expect(first.postMessage.execute({ groupId: 'shared', senderId: 'bob', text: 'hi' })).resolves.toMatchObject({
    duplicate: false,
  });
  await expect(first.removeMember.execute({ groupId: 'shared', memberId: 'carol' })).resolves.toEqual({ removed: true });
  expect((await second.groupMembers.execute('shared')).members).toEqual(['alice', 'bob']);

  // Reads too are answered from the store: a member added elsewhere may connect, one removed elsewhere may not.
  await second.addMember.execute({ groupId: 'shared', memberId: 'dave' });
  await expect(first.connect.execute({ groupId: 'shared', userId: 'dave', connectionId: 'dave-1' })).resolves.toMatchObject({
    firstConnection: true,
  });
  await first.removeMember.execute({ groupId: 'shared', memberId: 'bob' });
  await expect(second.connect.execute({ groupId: 'shared', userId: 'bob', connectionId: 'bob-1' })).rejects.toThrow(/not a member/i);
}
