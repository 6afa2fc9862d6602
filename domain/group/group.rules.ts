/** The limits a group enforces; the service reads them from its configuration. */
export interface GroupRules {
  /** Longest message text, in Unicode code points (what a person counts as characters). */
  readonly maxMessageLength: number;
  /** How many client message ids a group remembers per sender, to recognise a resent message. */
  readonly recentClientMessageIds: number;
  /** How long a client message id is remembered. */
  readonly clientMessageIdWindowMs: number;
  /** Longest group id, user id or client message id. */
  readonly maxIdentifierLength: number;
}

export const DEFAULT_GROUP_RULES: GroupRules = {
  maxMessageLength: 4096,
  recentClientMessageIds: 64,
  clientMessageIdWindowMs: 24 * 60 * 60 * 1000,
  maxIdentifierLength: 256,
};
