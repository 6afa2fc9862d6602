/**
 * The Centrifugal bidirectional client protocol, JSON format, as far as this service speaks it: the codes it answers
 * with and the shapes of what it reads and writes. Names and numbers are the protocol's own (client.proto of
 * centrifugal/protocol, the Centrifugo documentation of its codes), so that every Centrifugo SDK reads them.
 */

/** Errors in replies to commands. `temporary` tells an SDK to try again by itself. */
export interface ProtocolError {
  readonly code: number;
  readonly message: string;
  readonly temporary?: boolean;
}

export const ErrorCode = {
  internal: 100,
  unauthorized: 101,
  unknownChannel: 102,
  permissionDenied: 103,
  methodNotFound: 104,
  alreadySubscribed: 105,
  limitExceeded: 106,
  badRequest: 107,
  notAvailable: 108,
  tokenExpired: 109,
  tooManyRequests: 111,
  unrecoverablePosition: 112,
} as const;

/**
 * Why the server ends a connection: the WebSocket close code and reason. Codes 3000-3499 let an SDK reconnect, 3500-3999
 * tell it not to (its credentials or its requests are wrong, and trying again would fail the same way).
 */
export interface DisconnectReason {
  readonly code: number;
  readonly reason: string;
}

export const Disconnects = {
  shutdown: { code: 3001, reason: 'shutdown' },
  internal: { code: 3004, reason: 'internal server error' },
  /** The connection's token expired and was not refreshed: the SDK gets a new one and connects again. */
  expired: { code: 3005, reason: 'connection expired' },
  slow: { code: 3008, reason: 'slow' },
  noPong: { code: 3012, reason: 'no pong' },
  invalidToken: { code: 3500, reason: 'invalid token' },
  badRequest: { code: 3501, reason: 'bad request' },
  /** No connect command in time after the socket opened. */
  stale: { code: 3502, reason: 'stale' },
} as const satisfies Record<string, DisconnectReason>;

/**
 * Why the server ends one subscription (an unsubscribe push). Codes below 2500 tell the SDK not to subscribe again;
 * 2100 and up are this service's own.
 */
export const Unsubscribes = {
  removed: { code: 2100, reason: 'removed from the group' },
  groupDeleted: { code: 2101, reason: 'group deleted' },
} as const;

/** The subscribe request's flag bits this service reads. */
export const SubscriptionFlag = {
  /** The client would rather be refused (error 112) than told `recovered: false`. */
  rejectUnrecovered: 2,
} as const;

/** The publication data of a chat message: what clients publish, and what every subscriber gets. */
export interface ChatPublicationData {
  readonly text: string;
  readonly clientMessageId?: string;
  /** ISO-8601 UTC instant the message was stored. */
  readonly at: string;
}

export interface ClientInfo {
  readonly user: string;
  readonly client: string;
}

export interface Publication {
  readonly data: ChatPublicationData;
  readonly info: ClientInfo;
  /** The message's sequence number in its group: the stream offset recovery and history page by. */
  readonly offset: number;
}
