import { AddMember } from './commands/add-member.command';
import { CreateGroup } from './commands/create-group.command';
import { DeleteGroup } from './commands/delete-group.command';
import { GroupCommand } from './commands/group-command';
import { PostMessage } from './commands/post-message.command';
import { RemoveMember } from './commands/remove-member.command';
import { GROUP_ADOPTED } from './events/group-adopted.event';
import { GROUP_CREATED } from './events/group-created.event';
import { GROUP_DELETED } from './events/group-deleted.event';
import { GroupEvent } from './events/group-event';
import { MEMBER_ADDED } from './events/member-added.event';
import { MEMBER_REMOVED } from './events/member-removed.event';
import { MESSAGE_POSTED } from './events/message-posted.event';
import {
  EmptyMessageError,
  ClientMessageConflictError,
  GroupAlreadyExistsError,
  GroupDeletedError,
  GroupNotFoundError,
  InvalidIdentifierError,
  MessageTooLongError,
  NotAMemberError,
} from './group.errors';
import { DEFAULT_GROUP_RULES, GroupRules } from './group.rules';
import { ActiveGroup, findRecentClientMessage, GroupState, isMember, RecentClientMessage, textDigest, UNKNOWN_GROUP } from './group.state';

export interface GroupDecider {
  readonly initialState: GroupState;
  /** What happens when `command` meets `state`: the events to record, none for a no-op, or a GroupRuleViolation. */
  decide(command: GroupCommand, state: GroupState): GroupEvent[];
  /** The state after `event`; total, so that replaying any stored history never throws. */
  evolve(state: GroupState, event: GroupEvent): GroupState;
  /** Checks an id as every command does (InvalidIdentifierError): for reads, before any lookup. */
  requireIdentifier(field: string, value: string): void;
}

// Control characters would let an id break out of log lines and storage keys.
const CONTROL_CHARACTERS = /[\u0000-\u001f\u007f]/;

export function groupDecider(rules: GroupRules = DEFAULT_GROUP_RULES): GroupDecider {
  function requireIdentifier(field: string, value: string): void {
    if (typeof value !== 'string' || value.trim().length === 0) {
      throw new InvalidIdentifierError(field, 'is empty');
    }
    if (value.length > rules.maxIdentifierLength) {
      throw new InvalidIdentifierError(field, `is longer than ${rules.maxIdentifierLength} characters`);
    }
    if (CONTROL_CHARACTERS.test(value)) {
      throw new InvalidIdentifierError(field, 'contains control characters');
    }
  }

  function requireActive(state: GroupState, groupId: string): ActiveGroup {
    if (state.status === 'unknown') throw new GroupNotFoundError(groupId);
    if (state.status === 'deleted') throw new GroupDeletedError(groupId);
    return state;
  }

  function createGroup(command: CreateGroup, state: GroupState): GroupEvent[] {
    requireIdentifier('groupId', command.groupId);
    requireIdentifier('createdBy', command.createdBy);
    const fromDirectory = command.source === 'directory';
    if (state.status === 'deleted') {
      // A deleted group stays deleted: the directory's creation is an old one, delivered late or again.
      if (fromDirectory) return [];
      throw new GroupDeletedError(command.groupId);
    }
    if (state.status === 'active') {
      // The same creation delivered again changes nothing.
      if (state.createdBy === command.createdBy) return [];
      // The directory says this user created the group: whatever the chat knew of it, the creator is a member.
      if (fromDirectory) return state.members.includes(command.createdBy) ? [] : [memberAdded(command, command.createdBy)];
      throw new GroupAlreadyExistsError(command.groupId, state.createdBy);
    }
    return [
      {
        type: GROUP_CREATED,
        schemaVersion: 1,
        data: { groupId: command.groupId, createdBy: command.createdBy, at: command.at.toISOString() },
      },
    ];
  }

  function addMember(command: AddMember, state: GroupState): GroupEvent[] {
    requireIdentifier('memberId', command.memberId);
    if (command.source === 'directory') {
      if (state.status === 'deleted') return [];
      if (state.status === 'unknown') {
        requireIdentifier('groupId', command.groupId);
        const adopted: GroupEvent = { type: GROUP_ADOPTED, schemaVersion: 1, data: { groupId: command.groupId, at: command.at.toISOString() } };
        return [adopted, memberAdded(command, command.memberId)];
      }
    }
    const group = requireActive(state, command.groupId);
    if (group.members.includes(command.memberId)) return [];
    return [memberAdded(command, command.memberId)];
  }

  function memberAdded(command: { groupId: string; at: Date }, memberId: string): GroupEvent {
    return { type: MEMBER_ADDED, schemaVersion: 1, data: { groupId: command.groupId, memberId, at: command.at.toISOString() } };
  }

  function removeMember(command: RemoveMember, state: GroupState): GroupEvent[] {
    requireIdentifier('memberId', command.memberId);
    // Nobody to remove from a group the chat does not hold (any more).
    if (command.source === 'directory' && state.status !== 'active') return [];
    const group = requireActive(state, command.groupId);
    if (!group.members.includes(command.memberId)) return [];
    return [
      {
        type: MEMBER_REMOVED,
        schemaVersion: 1,
        data: { groupId: command.groupId, memberId: command.memberId, at: command.at.toISOString() },
      },
    ];
  }

  function deleteGroup(command: DeleteGroup, state: GroupState): GroupEvent[] {
    if (state.status === 'deleted') return [];
    // The directory deletes a group the chat never saw: recorded all the same, so that no late update revives it.
    if (state.status === 'unknown' && command.source !== 'directory') throw new GroupNotFoundError(command.groupId);
    requireIdentifier('groupId', command.groupId);
    return [{ type: GROUP_DELETED, schemaVersion: 1, data: { groupId: command.groupId, at: command.at.toISOString() } }];
  }

  function postMessage(command: PostMessage, state: GroupState): GroupEvent[] {
    const group = requireActive(state, command.groupId);
    if (!isMember(group, command.senderId)) throw new NotAMemberError(command.groupId, command.senderId);
    if (command.clientMessageId !== undefined) {
      requireIdentifier('clientMessageId', command.clientMessageId);
      const recent = findRecentClientMessage(group, command.senderId, command.clientMessageId);
      const since = command.at.getTime() - rules.clientMessageIdWindowMs;
      if (recent && Date.parse(recent.at) >= since) {
        if (recent.textDigest !== textDigest(command.text)) throw new ClientMessageConflictError(command.clientMessageId);
        return [];
      }
    }
    if (command.text.trim().length === 0) throw new EmptyMessageError();
    if (exceedsCodePoints(command.text, rules.maxMessageLength)) throw new MessageTooLongError(rules.maxMessageLength);
    return [
      {
        type: MESSAGE_POSTED,
        schemaVersion: 1,
        data: {
          groupId: command.groupId,
          seq: group.lastMessageSeq + 1,
          senderId: command.senderId,
          text: command.text,
          ...(command.clientMessageId !== undefined && { clientMessageId: command.clientMessageId }),
          at: command.at.toISOString(),
        },
      },
    ];
  }

  function decide(command: GroupCommand, state: GroupState): GroupEvent[] {
    switch (command.type) {
      case 'CreateGroup':
        return createGroup(command, state);
      case 'AddMember':
        return addMember(command, state);
      case 'RemoveMember':
        return removeMember(command, state);
      case 'DeleteGroup':
        return deleteGroup(command, state);
      case 'PostMessage':
        return postMessage(command, state);
    }
  }

  function evolve(state: GroupState, event: GroupEvent): GroupState {
    switch (event.type) {
      case GROUP_CREATED:
        return {
          status: 'active',
          groupId: event.data.groupId,
          createdBy: event.data.createdBy,
          members: [event.data.createdBy],
          lastMessageSeq: 0,
          recentClientMessages: [],
        };
      case GROUP_ADOPTED:
        // Only ever recorded for a group the chat did not hold.
        if (state.status !== 'unknown') return state;
        return {
          status: 'active',
          groupId: event.data.groupId,
          members: [],
          lastMessageSeq: 0,
          recentClientMessages: [],
        };
      case MEMBER_ADDED:
        if (state.status !== 'active' || state.members.includes(event.data.memberId)) return state;
        return { ...state, members: [...state.members, event.data.memberId] };
      case MEMBER_REMOVED:
        if (state.status !== 'active') return state;
        return { ...state, members: state.members.filter((member) => member !== event.data.memberId) };
      case GROUP_DELETED:
        return {
          status: 'deleted',
          groupId: event.data.groupId,
          lastMessageSeq: state.status === 'unknown' ? 0 : state.lastMessageSeq,
        };
      case MESSAGE_POSTED: {
        if (state.status !== 'active') return state;
        const { seq, senderId, clientMessageId, text, at } = event.data;
        if (clientMessageId === undefined) return { ...state, lastMessageSeq: seq };
        return { ...state, lastMessageSeq: seq, recentClientMessages: remember(state.recentClientMessages, { senderId, clientMessageId, seq, textDigest: textDigest(text), at }) };
      }
    }
  }

  /**
   * The window after `added`: the sender's oldest goes once it has `recentClientMessageIds`, and anyone's once older
   * than the time window (by the time of the message just stored, so replaying history gives the same state).
   */
  function remember(recent: readonly RecentClientMessage[], added: RecentClientMessage): RecentClientMessage[] {
    const since = Date.parse(added.at) - rules.clientMessageIdWindowMs;
    const kept = recent.filter((message) => Date.parse(message.at) >= since);
    if (rules.recentClientMessageIds === 0) return kept;
    const own = kept.filter((message) => message.senderId === added.senderId);
    const over = own.length + 1 - rules.recentClientMessageIds;
    const dropped = new Set(over > 0 ? own.slice(0, over) : []);
    return [...kept.filter((message) => !dropped.has(message)), added];
  }

  return { initialState: UNKNOWN_GROUP, decide, evolve, requireIdentifier };
}

/** Stops counting once past `limit`: an oversized text costs no more than the limit to refuse. */
function exceedsCodePoints(text: string, limit: number): boolean {
  // A string never has more code points than UTF-16 units, so short texts need no counting at all.
  if (text.length <= limit) return false;
  let count = 0;
  for (const _ of text) {
    if (++count > limit) return true;
  }
  return false;
}
