import { groupDecider } from '../../../domain/group/group.decider';
import { GroupAlreadyExistsError, GroupNotFoundError, InvalidIdentifierError, NotAMemberError } from '../../../domain/group/group.errors';
import { isMember } from '../../../domain/group/group.state';
import { deciderSpec } from './decider-spec';
import { added, adopted, AT, created, deleted, GROUP, posted, removed } from './group-fixtures';

const decider = groupDecider();
const { given } = deciderSpec(decider);
const FROM_DIRECTORY = { source: 'directory' } as const;

/**
 * Updates from the group directory (position-pal's user service) are facts: nothing it sends is refused for the state
 * the chat holds, since the old chat service accepted them all. Groups that existed before the cutover are such groups.
 */
describe('membership from the group directory', () => {
  describe('a member added to a group the chat never saw created', () => {
    const command = { type: 'AddMember', groupId: GROUP, memberId: 'bob', at: AT, ...FROM_DIRECTORY } as const;

    it('adopts the group, with no known creator, and adds the member', () => {
      given([]).when(command).then([adopted(), added('bob')]);
    });

    it('lets that member post, and nobody else', () => {
      const state = [adopted(), added('bob')].reduce(decider.evolve, decider.initialState);
      expect(state).toEqual({ status: 'active', groupId: GROUP, members: ['bob'], lastMessageSeq: 0, recentClientMessages: [] });
      expect(decider.decide({ type: 'PostMessage', groupId: GROUP, senderId: 'bob', text: 'hi', at: AT }, state)).toEqual([
        posted(1, 'bob', 'hi'),
      ]);
      expect(() => decider.decide({ type: 'PostMessage', groupId: GROUP, senderId: 'carol', text: 'hi', at: AT }, state)).toThrow(
        NotAMemberError,
      );
    });

    it('is a no-op the second time', () => {
      given([adopted(), added('bob')]).when(command).thenNothingHappens();
    });

    it('still refuses a malformed group id', () => {
      given([])
        .when({ ...command, groupId: 'g\u0000' })
        .thenRefuses(InvalidIdentifierError, /groupId contains control characters/);
    });

    it('is refused from the administration, which must create the group first', () => {
      given([])
        .when({ ...command, source: 'administration' })
        .thenRefuses(GroupNotFoundError);
    });
  });

  describe('a creation', () => {
    const command = { type: 'CreateGroup', groupId: GROUP, createdBy: 'alice', at: AT, ...FROM_DIRECTORY } as const;

    it('of an adopted group makes its creator a member, once', () => {
      given([adopted(), added('bob')]).when(command).then([added('alice')]);
      given([adopted(), added('alice')]).when(command).thenNothingHappens();
    });

    it('naming another creator makes that user a member and keeps the creator recorded first', () => {
      given([created('carol')]).when(command).then([added('alice')]);
      const state = [created('carol'), added('alice')].reduce(decider.evolve, decider.initialState);
      expect(state).toMatchObject({ createdBy: 'carol', members: ['carol', 'alice'] });
    });

    it('naming another creator is still refused from the administration', () => {
      given([created('carol')])
        .when({ ...command, source: 'administration' })
        .thenRefuses(GroupAlreadyExistsError, 'created by carol');
      given([adopted()])
        .when({ ...command, source: 'administration' })
        .thenRefuses(GroupAlreadyExistsError, 'its creator unknown');
    });

    it('of a deleted group changes nothing: a deleted group stays deleted', () => {
      given([created('alice'), deleted()]).when(command).thenNothingHappens();
    });
  });

  describe('a removal', () => {
    const command = { type: 'RemoveMember', groupId: GROUP, memberId: 'bob', at: AT, ...FROM_DIRECTORY } as const;

    it('from an unknown or deleted group changes nothing', () => {
      given([]).when(command).thenNothingHappens();
      given([created('alice'), added('bob'), deleted()]).when(command).thenNothingHappens();
    });

    it('from a group removes the member as usual', () => {
      given([adopted(), added('bob')]).when(command).then([removed('bob')]);
    });
  });

  describe('a deletion', () => {
    const command = { type: 'DeleteGroup', groupId: GROUP, at: AT, ...FROM_DIRECTORY } as const;

    it('of a group the chat never saw is recorded, so that no late update brings it back', () => {
      given([]).when(command).then([deleted()]);
      const state = [deleted()].reduce(decider.evolve, decider.initialState);
      expect(state).toEqual({ status: 'deleted', groupId: GROUP, lastMessageSeq: 0 });
      expect(decider.decide({ type: 'AddMember', groupId: GROUP, memberId: 'bob', at: AT, ...FROM_DIRECTORY }, state)).toEqual([]);
      expect(isMember(state, 'bob')).toBe(false);
    });

    it('of a deleted group changes nothing', () => {
      given([created('alice'), deleted()]).when(command).thenNothingHappens();
    });
  });

  it('an add, remove, add sequence of one member ends with the member in', () => {
    const history = [adopted(), added('bob'), removed('bob')];
    given(history)
      .when({ type: 'AddMember', groupId: GROUP, memberId: 'bob', at: AT, ...FROM_DIRECTORY })
      .then([added('bob')]);
  });
});
