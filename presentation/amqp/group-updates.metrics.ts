import { Counter, Registry } from 'prom-client';

/** What the consumer reports about the messages it handles; the Prometheus implementation is below. */
export interface GroupUpdatesObserver {
  /** A message settled: applied (its effect stored) or dead-lettered (set aside with the reason). */
  settled(messageType: string, outcome: 'applied' | 'dead_lettered', redelivered: boolean): void;
  /** An attempt failed for a reason that may pass (the store is down); the message is tried again. */
  retried(messageType: string): void;
}

const KNOWN_TYPES = new Set(['GROUP_CREATED', 'GROUP_DELETED', 'MEMBER_ADDED', 'MEMBER_REMOVED']);
// A label value per unknown type would let any publisher grow the metrics without bound.
const typeLabel = (messageType: string) => (KNOWN_TYPES.has(messageType) ? messageType : 'other');

export function prometheusGroupUpdatesObserver(registry: Registry): GroupUpdatesObserver {
  const consumed = new Counter({
    name: 'chat_amqp_messages_consumed_total',
    help: 'Group updates settled, by message type and outcome (applied or dead_lettered)',
    labelNames: ['message_type', 'outcome'],
    registers: [registry],
  });
  const redelivered = new Counter({
    name: 'chat_amqp_messages_redelivered_total',
    help: 'Group updates the broker delivered again (after a crash, lost connection or shutdown)',
    labelNames: ['message_type'],
    registers: [registry],
  });
  const retried = new Counter({
    name: 'chat_amqp_retries_total',
    help: 'Attempts to apply a group update that failed for a passing reason and will be tried again',
    labelNames: ['message_type'],
    registers: [registry],
  });
  return {
    settled(messageType, outcome, wasRedelivered) {
      consumed.inc({ message_type: typeLabel(messageType), outcome });
      if (wasRedelivered) redelivered.inc({ message_type: typeLabel(messageType) });
    },
    retried(messageType) {
      retried.inc({ message_type: typeLabel(messageType) });
    },
  };
}
