import { Body, Controller, Delete, Get, HttpCode, HttpStatus, Param, Post, Query, UseFilters, UseGuards, UsePipes } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiConflictResponse,
  ApiCreatedResponse,
  ApiForbiddenResponse,
  ApiGoneResponse,
  ApiNotFoundResponse,
  ApiOkResponse,
  ApiOperation,
  ApiSecurity,
  ApiServiceUnavailableResponse,
  ApiTags,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import { EventMetadata } from '../../../application/ports/event-store.port';
import { AddMemberUseCase } from '../../../application/use-cases/add-member.use-case';
import { CreateGroupUseCase } from '../../../application/use-cases/create-group.use-case';
import { DeleteGroupUseCase } from '../../../application/use-cases/delete-group.use-case';
import { GetGroupMembersUseCase } from '../../../application/use-cases/get-group-members.use-case';
import { GetMessagesBeforeUseCase } from '../../../application/use-cases/get-messages-before.use-case';
import { PostMessageUseCase } from '../../../application/use-cases/post-message.use-case';
import { RemoveMemberUseCase } from '../../../application/use-cases/remove-member.use-case';
import { requireVisibleText } from '../../visible-text';
import { ApiKeyGuard } from '../api-key.guard';
import { Correlation } from '../correlation.decorator';
import { adminValidationPipe } from './admin-validation.pipe';
import { DomainErrorFilter } from './domain-error.filter';
import { AddMemberRequest } from './dto/add-member.request';
import {
  AddedResponse,
  CreatedResponse,
  DeletedResponse,
  ErrorResponse,
  GroupResponse,
  HistoryPageResponse,
  PostedMessageResponse,
  RemovedResponse,
} from './dto/admin.responses';
import { CreateGroupRequest } from './dto/create-group.request';
import { DEFAULT_HISTORY_PAGE, HistoryQuery } from './dto/history.query';
import { PostMessageRequest } from './dto/post-message.request';

/** Group administration as plain JSON, so that a newcomer can set up a chat with curl. */
@ApiTags('groups')
@ApiServiceUnavailableResponse({ description: 'the event store cannot be reached', type: ErrorResponse })
@Controller('v1/groups')
@UseGuards(ApiKeyGuard)
@ApiSecurity('api-key')
@ApiUnauthorizedResponse({ description: 'ADMIN_API_KEY is set and the X-API-Key header is not one of its keys', type: ErrorResponse })
@UsePipes(adminValidationPipe)
@UseFilters(DomainErrorFilter)
export class GroupsAdminController {
  constructor(
    private readonly createGroupUseCase: CreateGroupUseCase,
    private readonly deleteGroupUseCase: DeleteGroupUseCase,
    private readonly addMemberUseCase: AddMemberUseCase,
    private readonly removeMemberUseCase: RemoveMemberUseCase,
    private readonly groupMembers: GetGroupMembersUseCase,
    private readonly postMessageUseCase: PostMessageUseCase,
    private readonly messagesBefore: GetMessagesBeforeUseCase,
  ) {}

  @Post()
  @ApiOperation({ summary: 'Create a group; its creator is its first member. Creating it again is a no-op.' })
  @ApiCreatedResponse({ type: CreatedResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiConflictResponse({ description: 'the id is taken by a group of another creator', type: ErrorResponse })
  @ApiGoneResponse({ description: 'a group with this id was deleted', type: ErrorResponse })
  createGroup(@Body() body: CreateGroupRequest, @Correlation() metadata: EventMetadata) {
    return this.createGroupUseCase.execute({ groupId: body.groupId, createdBy: body.createdBy }, metadata);
  }

  @Get(':groupId')
  @ApiOperation({ summary: 'A group: its members, in the order they joined, and who is online' })
  @ApiOkResponse({ type: GroupResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiGoneResponse({ type: ErrorResponse })
  getGroup(@Param('groupId') groupId: string) {
    return this.groupMembers.execute(groupId);
  }

  @Delete(':groupId')
  @ApiOperation({ summary: 'Delete a group and its chat. Deleting it again is a no-op.' })
  @ApiOkResponse({ type: DeletedResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  deleteGroup(@Param('groupId') groupId: string, @Correlation() metadata: EventMetadata) {
    return this.deleteGroupUseCase.execute({ groupId }, metadata);
  }

  @Post(':groupId/members')
  @ApiOperation({ summary: 'Add a member. Adding a member twice is a no-op.' })
  @ApiCreatedResponse({ type: AddedResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiGoneResponse({ type: ErrorResponse })
  addMember(@Param('groupId') groupId: string, @Body() body: AddMemberRequest, @Correlation() metadata: EventMetadata) {
    return this.addMemberUseCase.execute({ groupId, memberId: body.memberId }, metadata);
  }

  @Delete(':groupId/members/:memberId')
  @ApiOperation({ summary: 'Remove a member. Removing an absent member is a no-op.' })
  @ApiOkResponse({ type: RemovedResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiGoneResponse({ type: ErrorResponse })
  removeMember(
    @Param('groupId') groupId: string,
    @Param('memberId') memberId: string,
    @Correlation() metadata: EventMetadata,
  ) {
    return this.removeMemberUseCase.execute({ groupId, memberId }, metadata);
  }

  @Get(':groupId/messages')
  @ApiOperation({ summary: 'A page of history, oldest first: the newest messages, or those before beforeSeq' })
  @ApiOkResponse({ type: HistoryPageResponse })
  @ApiBadRequestResponse({ type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiGoneResponse({ type: ErrorResponse })
  history(@Param('groupId') groupId: string, @Query() query: HistoryQuery) {
    return this.messagesBefore.execute(groupId, query.beforeSeq, query.limit ?? DEFAULT_HISTORY_PAGE);
  }

  @Post(':groupId/messages')
  @HttpCode(HttpStatus.CREATED)
  @ApiOperation({ summary: 'Post a message on behalf of a member' })
  @ApiCreatedResponse({ type: PostedMessageResponse })
  @ApiBadRequestResponse({ description: 'a text that is empty or shows nothing, holds a NUL, or is too long; a malformed id', type: ErrorResponse })
  @ApiForbiddenResponse({ description: 'the sender is not a member', type: ErrorResponse })
  @ApiNotFoundResponse({ type: ErrorResponse })
  @ApiGoneResponse({ type: ErrorResponse })
  postMessage(@Param('groupId') groupId: string, @Body() body: PostMessageRequest, @Correlation() metadata: EventMetadata) {
    return this.postMessageUseCase.execute(
      {
        groupId,
        senderId: body.senderId,
        text: requireVisibleText(body.text),
        ...(body.clientMessageId !== undefined && { clientMessageId: body.clientMessageId }),
      },
      metadata,
    );
  }
}
