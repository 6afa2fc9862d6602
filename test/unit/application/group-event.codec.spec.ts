import { readGroupEvent, recordGroupEvent, UnreadableEventError } from '../../../application/group-event.codec';
import { GroupEvent } from '../../../domain/group/events/group-event';

describe('the record of a group event', () => {
  const event: GroupEvent = { type: 'GroupCreated', schemaVersion: 1, data: { groupId: 'g1', createdBy: 'alice', at: '2026-11-23T10:00:00.000Z' } };
  const metadata = { correlationId: 'corr-1', causationId: 'cause-1' };

  it('is the event with its place in the group, its id, time and metadata, every field kept, nothing else', () => {
    expect(recordGroupEvent(event, 'g1', 1, 'event-1', '2026-11-23T10:00:00.001Z', metadata)).toStrictEqual({
      streamId: 'g1',
      version: 1,
      eventId: 'event-1',
      type: 'GroupCreated',
      schemaVersion: 1,
      data: event.data,
      recordedAt: '2026-11-23T10:00:00.001Z',
      metadata,
    });
  });

  it('is read back as it is, and refused when this version cannot read it', () => {
    const recorded = recordGroupEvent(event, 'g1', 1, 'event-1', '2026-11-23T10:00:00.001Z', metadata);
    expect(readGroupEvent(recorded)).toBe(recorded);
    expect(() => readGroupEvent({ ...recorded, schemaVersion: 2 })).toThrow(UnreadableEventError);
    expect(() => readGroupEvent({ ...recorded, type: 'GroupRenamed' })).toThrow(/GroupRenamed v1 cannot be read/);
  });
});
