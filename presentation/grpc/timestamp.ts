import { Timestamp } from './generated/google/protobuf/Timestamp';

/** An ISO-8601 instant as a google.protobuf.Timestamp (millisecond precision, as stored). */
export function toTimestamp(iso: string): Timestamp {
  const millis = Date.parse(iso);
  const seconds = Math.floor(millis / 1000);
  return { seconds, nanos: (millis - seconds * 1000) * 1_000_000 };
}
