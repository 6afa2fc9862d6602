import { handleUnaryCall, Metadata, sendUnaryData, ServerUnaryCall } from '@grpc/grpc-js';
import { EventMetadata } from '../../../../application/ports/event-store.port';
import { correlationIdFrom } from '../../../correlation-id';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { AddMemberUseCase } from '../../../../application/use-cases/add-member.use-case';
import { CreateGroupUseCase } from '../../../../application/use-cases/create-group.use-case';
import { DeleteGroupUseCase } from '../../../../application/use-cases/delete-group.use-case';
import { GetGroupMembersUseCase } from '../../../../application/use-cases/get-group-members.use-case';
import { GetMessagesBeforeUseCase } from '../../../../application/use-cases/get-messages-before.use-case';
import { PostMessageUseCase } from '../../../../application/use-cases/post-message.use-case';
import { RemoveMemberUseCase } from '../../../../application/use-cases/remove-member.use-case';
import { GroupChatServiceHandlers } from '../../generated/chat/v1/GroupChatService';
import { GRPC_SERVER_OPTIONS, GrpcServerOptions } from '../../grpc-server.options';
import { requireField } from '../../missing-field.error';
import { withinTimeout } from '../../request-timeout';
import { requireVisibleText } from '../../../visible-text';
import { toChatMessage } from './chat-v1.messages';
import { toGrpcError } from './grpc-error.mapping';
import { GroupSubscriptions } from './group-subscriptions';

/** `chat.v1.GroupChatService`: translates each call into one use case and each error into a gRPC status. */
@Injectable()
export class GroupChatService {
  private readonly logger = new Logger('grpc.chat.v1');

  constructor(
    private readonly createGroup: CreateGroupUseCase,
    private readonly deleteGroup: DeleteGroupUseCase,
    private readonly addMember: AddMemberUseCase,
    private readonly removeMember: RemoveMemberUseCase,
    private readonly groupMembers: GetGroupMembersUseCase,
    private readonly postMessage: PostMessageUseCase,
    private readonly messagesBefore: GetMessagesBeforeUseCase,
    private readonly subscriptions: GroupSubscriptions,
    @Inject(GRPC_SERVER_OPTIONS) private readonly options: GrpcServerOptions,
  ) {}

  readonly handlers: GroupChatServiceHandlers = {
    CreateGroup: this.unary('CreateGroup', async ({ group_id, created_by }, metadata) =>
      this.createGroup.execute(
        { groupId: requireField('group_id', group_id), createdBy: requireField('created_by', created_by) },
        metadata,
      ),
    ),
    DeleteGroup: this.unary('DeleteGroup', async ({ group_id }, metadata) =>
      this.deleteGroup.execute({ groupId: requireField('group_id', group_id) }, metadata),
    ),
    AddMember: this.unary('AddMember', async ({ group_id, member_id }, metadata) =>
      this.addMember.execute(
        { groupId: requireField('group_id', group_id), memberId: requireField('member_id', member_id) },
        metadata,
      ),
    ),
    RemoveMember: this.unary('RemoveMember', async ({ group_id, member_id }, metadata) =>
      this.removeMember.execute(
        { groupId: requireField('group_id', group_id), memberId: requireField('member_id', member_id) },
        metadata,
      ),
    ),
    GetGroup: this.unary('GetGroup', async ({ group_id }) => {
      const group = await withinTimeout(
        this.groupMembers.execute(requireField('group_id', group_id)),
        this.options.requestTimeoutMs,
      );
      return {
        group_id: group.groupId,
        created_by: group.createdBy ?? '',
        members: group.members,
        online: group.online,
        last_message_seq: group.lastMessageSeq,
      };
    }),
    PostMessage: this.unary('PostMessage', async ({ group_id, sender_id, text, client_message_id }, metadata) => {
      const posted = await this.postMessage.execute(
        {
          groupId: requireField('group_id', group_id),
          senderId: requireField('sender_id', sender_id),
          text: requireVisibleText(text),
          ...(client_message_id !== '' && { clientMessageId: client_message_id }),
        },
        metadata,
      );
      return { message: toChatMessage(posted.message), duplicate: posted.duplicate };
    }),
    GetHistory: this.unary('GetHistory', async ({ group_id, before_seq, limit }) => {
      // proto3 sends 0 for a field left out: no before_seq means the newest page, no limit a full page.
      const page = await withinTimeout(
        this.messagesBefore.execute(
          requireField('group_id', group_id),
          before_seq === 0 ? undefined : before_seq,
          limit === 0 ? this.options.maxPageSize : limit,
        ),
        this.options.requestTimeoutMs,
      );
      return { messages: page.messages.map(toChatMessage), next_before_seq: page.nextBeforeSeq ?? 0 };
    }),
    SubscribeGroup: (call) => void this.subscriptions.open(call),
  };

  /**
   * A unary handler around `work`. Commands get no timeout here: they cannot be called back once sent to the store,
   * so the caller's own deadline is the honest bound.
   */
  private unary<Request, Response>(
    method: string,
    work: (request: Request, metadata: EventMetadata) => Promise<Response>,
  ): handleUnaryCall<Request, Response> {
    return (call: ServerUnaryCall<Request, Response>, callback: sendUnaryData<Response>) => {
      work(call.request, { correlationId: correlationIdOf(call.metadata) }).then(
        (response) => callback(null, response),
        (error: unknown) => {
          const { serviceError, internal } = toGrpcError(error);
          if (internal) this.logger.error({ msg: `${method} failed`, err: error });
          callback(serviceError);
        },
      );
    };
  }
}

function correlationIdOf(metadata: Metadata): string {
  return correlationIdFrom(metadata.get('x-correlation-id')[0]);
}
