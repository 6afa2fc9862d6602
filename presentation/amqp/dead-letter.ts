import { Message, Options } from 'amqplib';

/** Why a message is set aside. */
export interface DeadLetterCause {
  /** `unknown_message_type`, `undecodable_body` or `refused_by_domain`. */
  readonly reason: string;
  /** The specific error, e.g. `UNDECODABLE_BODY` or the domain's `GROUP_DELETED`. */
  readonly code: string;
  readonly message: string;
}

/** The headers this adapter adds; the original headers, `message_type` included, travel unchanged beside them. */
export const DEAD_LETTER_HEADERS = {
  reason: 'dead_letter_reason',
  code: 'dead_letter_error_code',
  message: 'dead_letter_error',
  at: 'dead_lettered_at',
  exchange: 'original_exchange',
  routingKey: 'original_routing_key',
  queue: 'original_queue',
  redelivered: 'original_redelivered',
} as const;

// Header tables are limited to 64 KiB per message; an error quoting a huge body must not make the publish fail.
const MAX_ERROR_LENGTH = 1024;

/**
 * The dead-letter copy of `message`: the body byte for byte and the publisher's properties, so that an operator can
 * fix the cause and publish it again as it was, plus headers saying why and where it came from.
 */
export function deadLetterOf(
  message: Message,
  /** The queue the message was read from. */
  queue: string,
  cause: DeadLetterCause,
  at: Date,
): { content: Buffer; options: Options.Publish } {
  const { properties, fields } = message;
  return {
    content: message.content,
    options: {
      persistent: true,
      // userId is left out: the broker refuses a user-id other than the publishing connection's own.
      // expiration is left out: a dead letter is kept until someone looks at it.
      contentType: properties.contentType,
      contentEncoding: properties.contentEncoding,
      correlationId: properties.correlationId,
      messageId: properties.messageId,
      timestamp: properties.timestamp,
      type: properties.type,
      appId: properties.appId,
      priority: properties.priority,
      headers: {
        ...properties.headers,
        [DEAD_LETTER_HEADERS.reason]: cause.reason,
        [DEAD_LETTER_HEADERS.code]: cause.code,
        [DEAD_LETTER_HEADERS.message]: cause.message.slice(0, MAX_ERROR_LENGTH),
        [DEAD_LETTER_HEADERS.at]: at.toISOString(),
        [DEAD_LETTER_HEADERS.exchange]: fields.exchange,
        [DEAD_LETTER_HEADERS.routingKey]: fields.routingKey,
        [DEAD_LETTER_HEADERS.queue]: queue,
        [DEAD_LETTER_HEADERS.redelivered]: fields.redelivered,
      },
    },
  };
}
