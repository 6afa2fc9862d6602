import { Metadata, ServerWritableStream, status as GrpcStatus } from '@grpc/grpc-js';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { GroupEventSubscriber } from '../../../../application/ports/group-event-publisher.port';
import { RecordedGroupEvent } from '../../../../application/recorded-group-event';
import { GetGroupMembersUseCase } from '../../../../application/use-cases/get-group-members.use-case';
import { GROUP_DELETED } from '../../../../domain/group/events/group-deleted.event';
import { GroupEvent } from '../../generated/chat/v1/GroupEvent';
import { SubscribeGroupRequest__Output } from '../../generated/chat/v1/SubscribeGroupRequest';
import { GROUP_EVENT_SUBSCRIBER } from '../../grpc-server.options';
import { requireField } from '../../missing-field.error';
import { toGroupEvent } from './chat-v1.messages';
import { toGrpcError } from './grpc-error.mapping';

type SubscriptionCall = ServerWritableStream<SubscribeGroupRequest__Output, GroupEvent>;

/**
 * A subscriber that reads slower than the group talks would otherwise make the server buffer without bound: past this
 * many undelivered events its stream is ended with RESOURCE_EXHAUSTED, and it can resubscribe and read the gap from
 * history.
 */
const MAX_UNDELIVERED_EVENTS = 1000;

/** The SubscribeGroup streams: each one relays a group's stored events, in version order, until the group is deleted. */
@Injectable()
export class GroupSubscriptions {
  private readonly logger = new Logger('grpc.chat.v1');
  private readonly live = new Map<SubscriptionCall, () => void>();

  constructor(
    @Inject(GROUP_EVENT_SUBSCRIBER) private readonly subscriber: GroupEventSubscriber,
    private readonly groupMembers: GetGroupMembersUseCase,
  ) {}

  async open(call: SubscriptionCall): Promise<void> {
    let groupId: string;
    try {
      groupId = requireField('group_id', call.request.group_id);
    } catch (error) {
      return this.fail(call, error);
    }
    // Subscribed before the check, and the check made once the feed is ready: nothing stored after it is missed. What
    // arrives during the check waits for its answer.
    let held: RecordedGroupEvent[] | undefined = [];
    const subscription = this.subscriber.subscribe(groupId, (event) => (held ? held.push(event) : this.relay(call, event)));
    this.live.set(call, () => subscription.unsubscribe());
    try {
      await subscription.ready;
      await this.groupMembers.execute(groupId);
    } catch (error) {
      this.close(call);
      return this.fail(call, error);
    }
    if (call.cancelled) return this.close(call);
    const close = () => this.close(call);
    call.once('cancelled', close);
    call.once('close', close);
    call.once('error', close);
    // The headers go out once the subscription is live: a client that waits for them misses no event stored after.
    call.sendMetadata(new Metadata());
    const waiting = held;
    held = undefined;
    for (const event of waiting) if (this.live.has(call)) this.relay(call, event);
  }

  /** Ends every stream, for shutdown: they would otherwise hold the server open until its grace period ran out. */
  endAll(reason: string): void {
    for (const call of [...this.live.keys()]) {
      this.close(call);
      endWithStatus(call, GrpcStatus.UNAVAILABLE, reason);
    }
  }

  private relay(call: SubscriptionCall, event: RecordedGroupEvent): void {
    if (call.writableLength >= MAX_UNDELIVERED_EVENTS) {
      this.close(call);
      const details = `the subscriber fell ${MAX_UNDELIVERED_EVENTS} events behind; resubscribe and read the gap from history`;
      endWithStatus(call, GrpcStatus.RESOURCE_EXHAUSTED, details);
      return;
    }
    call.write(toGroupEvent(event));
    if (event.type === GROUP_DELETED) {
      this.close(call);
      call.end();
    }
  }

  private close(call: SubscriptionCall): void {
    this.live.get(call)?.();
    this.live.delete(call);
  }

  private fail(call: SubscriptionCall, error: unknown): void {
    const { serviceError, internal } = toGrpcError(error);
    if (internal) this.logger.error({ msg: 'SubscribeGroup failed', err: error });
    endWithStatus(call, serviceError.code ?? GrpcStatus.INTERNAL, serviceError.details ?? 'internal error');
  }
}

/** grpc-js turns an 'error' on a server stream into its final status, sent after the events already written. */
function endWithStatus(call: SubscriptionCall, code: GrpcStatus, details: string): void {
  call.emit('error', Object.assign(new Error(details), { code, details }));
}
