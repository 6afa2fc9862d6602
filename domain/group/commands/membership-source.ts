/**
 * Who asks for a change of a group or its members.
 *
 * - `directory`: the system that owns groups and their members (position-pal's user service, over the broker). Its
 *   updates are facts that already happened there, so they are brought about on whatever state the chat holds and
 *   never refused for it: a member added to a group the chat never saw created adopts that group, an update for a
 *   deleted group or a removal from an unknown one changes nothing, a second creation makes its creator a member.
 * - `administration` (the default): the chat's own admin API. A request that does not fit the group's state is
 *   refused, so that its caller learns of the mistake.
 *
 * Malformed input (an empty id, control characters, over-long ids) is refused from either.
 */
export type MembershipSource = 'directory' | 'administration';
