/**
 * Why the service closes a chat socket. Application codes (4000-4999) mirror the HTTP status a plain request would
 * get (4404: not found...), so they read without a table; standard codes are used where one fits exactly. A close
 * reason is at most 123 bytes of UTF-8, so reasons stay short and never echo unbounded client input.
 */
export const CloseCode = {
  /** The service is stopping: reconnect, to another instance or later. */
  goingAway: 1001,
  /** A frame larger than the frame limit: `ws` refuses it before buffering it whole, with this code and no reason. */
  frameTooLarge: 1009,
  /** The path is not `/v1/messages/{groupId}`. */
  malformedPath: 4400,
  /** No `user` query parameter, or an empty one. */
  missingUser: 4401,
  /** The user is not a member of the group; also sent when a member is removed while connected. */
  notAMember: 4403,
  /** No group has this id. */
  unknownGroup: 4404,
  /** The group was deleted, before connecting or while connected. */
  groupDeleted: 4410,
  /** The client reads too slowly: its outbound buffer passed the limit. */
  slowReader: 4408,
  /** The service could not check the group (its store did not answer): try again later. */
  unavailable: 4503,
  /** An unexpected failure while accepting the socket (logged by the service). */
  internalError: 1011,
} as const;

export type CloseCode = (typeof CloseCode)[keyof typeof CloseCode];

export interface CloseReason {
  readonly code: CloseCode;
  readonly reason: string;
}

/** The closes the service sends, each with its reason. */
export const Closing = {
  notAMember: { code: CloseCode.notAMember, reason: 'not a member of the group' },
  malformedId: { code: CloseCode.malformedPath, reason: 'malformed id: empty, too long or with control characters' },
  removed: { code: CloseCode.notAMember, reason: 'removed from the group' },
  unknownGroup: { code: CloseCode.unknownGroup, reason: 'unknown group: no group has this id' },
  groupDeleted: { code: CloseCode.groupDeleted, reason: 'group deleted' },
  unavailable: { code: CloseCode.unavailable, reason: 'chat store unavailable: try again later' },
  internalError: { code: CloseCode.internalError, reason: 'internal error' },
  shuttingDown: { code: CloseCode.goingAway, reason: 'service shutting down' },
  slowReader: (maxBufferedBytes: number): CloseReason => ({
    code: CloseCode.slowReader,
    reason: `too slow: more than ${maxBufferedBytes} bytes waiting to be sent`,
  }),
} satisfies Record<string, CloseReason | ((...args: never[]) => CloseReason)>;
