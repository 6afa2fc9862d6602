import { NewEvent, recordedEvent } from '../../../application/ports/event-store.port';

// recordedEvent names each field instead of spreading the event (see its comment); it must still keep them all.
describe('recordedEvent', () => {
  const event: NewEvent = {
    eventId: 'event-1',
    type: 'GroupCreated',
    schemaVersion: 1,
    data: { groupId: 'g1', createdBy: 'alice' },
    recordedAt: '2026-11-23T10:00:00.000Z',
    metadata: { correlationId: 'corr-1', causationId: 'cause-1' },
  };

  it('is the event with its stream and version, every field kept', () => {
    expect(recordedEvent(event, 'g1', 1)).toStrictEqual({ ...event, streamId: 'g1', version: 1 });
  });

  it('keeps a message sequence number, and has none when the event has none', () => {
    const message: NewEvent = { ...event, type: 'MessagePosted', data: { seq: 7, text: 'hi' }, messageSeq: 7 };
    expect(recordedEvent(message, 'g1', 9)).toStrictEqual({ ...message, streamId: 'g1', version: 9 });
    expect('messageSeq' in recordedEvent({ ...event, messageSeq: undefined }, 'g1', 1)).toBe(false);
  });
});
