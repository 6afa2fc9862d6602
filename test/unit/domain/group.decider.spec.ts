import { groupDecider } from '../../../domain/group/group.decider';
import {
  ClientMessageConflictError,
  EmptyMessageError,
  GroupAlreadyExistsError,
  GroupDeletedError,
  GroupNotFoundError,
  InvalidIdentifierError,
  MessageTooLongError,
  NotAMemberError,
} from '../../../domain/group/group.errors';
import { DEFAULT_GROUP_RULES } from '../../../domain/group/group.rules';
import { deciderSpec } from './decider-spec';
import { added, AT, created, deleted, GROUP, posted, removed } from './group-fixtures';

const rules = { ...DEFAULT_GROUP_RULES, maxMessageLength: 10, recentClientMessageIds: 2, maxIdentifierLength: 20 };
const { given } = deciderSpec(groupDecider(rules));

describe('create group', () => {
  const command = { type: 'CreateGroup', groupId: GROUP, createdBy: 'alice', at: AT } as const;

  it('records the group with its creator', () => {
    given([]).when(command).then([created('alice')]);
  });

  it('is a no-op when the same creation arrives again', () => {
    given([created('alice')]).when(command).thenNothingHappens();
  });

  it('refuses a group id that another creator already holds', () => {
    given([created('bob')]).when(command).thenRefuses(GroupAlreadyExistsError, 'created by bob');
  });

  it('refuses to bring a deleted group back', () => {
    given([created('alice'), deleted()]).when(command).thenRefuses(GroupDeletedError);
  });

  it.each([
    ['empty', '', /groupId is empty/],
    ['blank', '   ', /groupId is empty/],
    ['too long', 'g'.repeat(21), /groupId is longer than 20/],
    ['control characters', 'g\u0000x', /groupId contains control characters/],
  ])('refuses a group id that is %s', (_, groupId, message) => {
    given([])
      .when({ ...command, groupId })
      .thenRefuses(InvalidIdentifierError, message);
  });

  it('refuses an empty creator', () => {
    given([])
      .when({ ...command, createdBy: '' })
      .thenRefuses(InvalidIdentifierError, /createdBy is empty/);
  });
});

describe('add member', () => {
  const command = { type: 'AddMember', groupId: GROUP, memberId: 'bob', at: AT } as const;

  it('records the new member', () => {
    given([created()]).when(command).then([added('bob')]);
  });

  it('is a no-op for a member already there, so a redelivered message is harmless', () => {
    given([created(), added('bob')]).when(command).thenNothingHappens();
  });

  it('is a no-op for the creator, who is a member from the start', () => {
    given([created('bob')]).when(command).thenNothingHappens();
  });

  it('adds again a member who was removed', () => {
    given([created(), added('bob'), removed('bob')]).when(command).then([added('bob')]);
  });

  it('refuses an unknown group', () => {
    given([]).when(command).thenRefuses(GroupNotFoundError, `group ${GROUP} does not exist`);
  });

  it('refuses a deleted group', () => {
    given([created(), deleted()]).when(command).thenRefuses(GroupDeletedError);
  });

  it('refuses an invalid member id', () => {
    given([created()])
      .when({ ...command, memberId: '\t' })
      .thenRefuses(InvalidIdentifierError, /memberId/);
  });
});

describe('remove member', () => {
  const command = { type: 'RemoveMember', groupId: GROUP, memberId: 'bob', at: AT } as const;

  it('records the removal', () => {
    given([created(), added('bob')]).when(command).then([removed('bob')]);
  });

  it('is a no-op for someone who is not a member, so a redelivered message is harmless', () => {
    given([created(), added('bob'), removed('bob')]).when(command).thenNothingHappens();
  });

  it('refuses an unknown group', () => {
    given([]).when(command).thenRefuses(GroupNotFoundError);
  });

  it('refuses a deleted group', () => {
    given([created(), added('bob'), deleted()]).when(command).thenRefuses(GroupDeletedError);
  });
});

describe('delete group', () => {
  const command = { type: 'DeleteGroup', groupId: GROUP, at: AT } as const;

  it('records the deletion', () => {
    given([created()]).when(command).then([deleted()]);
  });

  it('is a no-op for a group already deleted', () => {
    given([created(), deleted()]).when(command).thenNothingHappens();
  });

  it('refuses an unknown group', () => {
    given([]).when(command).thenRefuses(GroupNotFoundError);
  });
});

describe('post message', () => {
  const command = { type: 'PostMessage', groupId: GROUP, senderId: 'alice', text: 'hi', at: AT } as const;

  it('records the first message with sequence number 1', () => {
    given([created()]).when(command).then([posted(1, 'alice', 'hi')]);
  });

  it("gives each message the group's next sequence number, whoever posts it", () => {
    given([created(), added('bob'), posted(1, 'alice', 'a'), posted(2, 'bob', 'b')])
      .when(command)
      .then([posted(3, 'alice', 'hi')]);
  });

  it('keeps the text exactly as sent, spaces included', () => {
    given([created()])
      .when({ ...command, text: '  hi  ' })
      .then([posted(1, 'alice', '  hi  ')]);
  });

  it('refuses a sender who is not a member', () => {
    given([created()])
      .when({ ...command, senderId: 'mallory' })
      .thenRefuses(NotAMemberError, 'user mallory is not a member of group group-1');
  });

  it('refuses a member who was removed', () => {
    given([created(), added('bob'), removed('bob')])
      .when({ ...command, senderId: 'bob' })
      .thenRefuses(NotAMemberError);
  });

  it('refuses an unknown group', () => {
    given([]).when(command).thenRefuses(GroupNotFoundError);
  });

  it('refuses a deleted group', () => {
    given([created(), deleted()]).when(command).thenRefuses(GroupDeletedError);
  });

  it.each([[''], ['   '], ['\n\t']])('refuses an empty text (%j)', (text) => {
    given([created()])
      .when({ ...command, text })
      .thenRefuses(EmptyMessageError);
  });

  it('accepts a text exactly at the size limit', () => {
    given([created()])
      .when({ ...command, text: '0123456789' })
      .then([posted(1, 'alice', '0123456789')]);
  });

  it('refuses a text over the size limit', () => {
    given([created()])
      .when({ ...command, text: '0123456789X' })
      .thenRefuses(MessageTooLongError, 'longer than the limit of 10 characters');
  });

  it('counts characters as people do: ten emoji are ten characters, not twenty UTF-16 units', () => {
    given([created()])
      .when({ ...command, text: '😀'.repeat(10) })
      .then([posted(1, 'alice', '😀'.repeat(10))]);
    given([created()])
      .when({ ...command, text: '😀'.repeat(11) })
      .thenRefuses(MessageTooLongError);
  });

  it('records the client message id', () => {
    given([created()])
      .when({ ...command, clientMessageId: 'm-1' })
      .then([posted(1, 'alice', 'hi', 'm-1')]);
  });

  it('recognises a resent client message id and records nothing', () => {
    given([created(), posted(1, 'alice', 'hi', 'm-1')])
      .when({ ...command, clientMessageId: 'm-1' })
      .thenNothingHappens();
  });

  it('tells apart the same client message id used by two senders', () => {
    given([created(), added('bob'), posted(1, 'bob', 'yo', 'm-1')])
      .when({ ...command, clientMessageId: 'm-1' })
      .then([posted(2, 'alice', 'hi', 'm-1')]);
  });

  it('remembers only each sender\'s most recent client message ids, so the state stays small', () => {
    const history = [created(), posted(1, 'alice', 'a', 'm-1'), posted(2, 'alice', 'b', 'm-2'), posted(3, 'alice', 'c', 'm-3')];
    given(history).when({ ...command, text: 'c', clientMessageId: 'm-3' }).thenNothingHappens();
    given(history).when({ ...command, text: 'b', clientMessageId: 'm-2' }).thenNothingHappens();
    given(history)
      .when({ ...command, text: 'a', clientMessageId: 'm-1' })
      .then([posted(4, 'alice', 'a', 'm-1')]);
  });

  it('keeps a sender\'s ids however much the others post: no one can push another\'s out', () => {
    const others = Array.from({ length: 10 }, (_, n) => posted(n + 2, 'bob', `b${n}`, `b-${n}`));
    given([created(), added('bob'), posted(1, 'alice', 'hi', 'm-1'), ...others])
      .when({ ...command, clientMessageId: 'm-1' })
      .thenNothingHappens();
  });

  it('refuses the same client message id with another text, rather than answering with the first', () => {
    given([created(), posted(1, 'alice', 'hi', 'm-1')])
      .when({ ...command, text: 'other', clientMessageId: 'm-1' })
      .thenRefuses(ClientMessageConflictError, 'client message id m-1 was used for another text');
  });

  it('forgets a client message id after the time window: sent again then, it is a new message', () => {
    const later = new Date(AT.getTime() + rules.clientMessageIdWindowMs + 1);
    const again = { type: 'MessagePosted', schemaVersion: 1, data: { groupId: GROUP, seq: 2, senderId: 'alice', text: 'hi', clientMessageId: 'm-1', at: later.toISOString() } } as const;
    given([created(), posted(1, 'alice', 'hi', 'm-1')])
      .when({ ...command, clientMessageId: 'm-1', at: later })
      .then([again]);
  });

  it('refuses an invalid client message id', () => {
    given([created()])
      .when({ ...command, clientMessageId: 'x'.repeat(21) })
      .thenRefuses(InvalidIdentifierError, /clientMessageId/);
  });
});

describe('evolve', () => {
  const decider = groupDecider(rules);
  const replay = (events: Parameters<typeof decider.evolve>[1][]) => events.reduce(decider.evolve, decider.initialState);

  it('keeps members in the order they joined', () => {
    expect(replay([created('alice'), added('bob'), added('carol'), removed('bob'), added('bob')])).toMatchObject({
      status: 'active',
      members: ['alice', 'carol', 'bob'],
    });
  });

  it('keeps the last sequence number after deletion, and nothing else', () => {
    expect(replay([created(), posted(1, 'alice', 'a'), posted(2, 'alice', 'b'), deleted()])).toEqual({
      status: 'deleted',
      groupId: GROUP,
      lastMessageSeq: 2,
    });
  });

  it('ignores events that cannot apply, so that replaying any stored history never throws', () => {
    expect(replay([added('bob'), posted(1, 'bob', 'x')])).toEqual({ status: 'unknown' });
    // A deletion applies to any state: the directory may delete a group the chat never saw.
    expect(replay([added('bob'), deleted()])).toEqual({ status: 'deleted', groupId: GROUP, lastMessageSeq: 0 });
  });
});
