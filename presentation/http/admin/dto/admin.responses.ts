import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';

// What the routes answer, for the OpenAPI description: the controller returns the use cases' results as they are.

export class CreatedResponse {
  @ApiProperty({ description: 'false when the group already existed with this creator' })
  created!: boolean;
}

export class DeletedResponse {
  @ApiProperty({ description: 'false when the group was already deleted' })
  deleted!: boolean;
}

export class AddedResponse {
  @ApiProperty({ description: 'false when they were a member already' })
  added!: boolean;
}

export class RemovedResponse {
  @ApiProperty({ description: 'false when they were not a member' })
  removed!: boolean;
}

export class GroupResponse {
  @ApiProperty() groupId!: string;
  @ApiPropertyOptional({ description: 'absent for a group adopted from the user service, whose creator is unknown' })
  createdBy?: string;
  @ApiProperty({ type: [String], description: 'in the order they joined' }) members!: string[];
  @ApiProperty({ type: [String], description: 'members with at least one open connection' }) online!: string[];
  @ApiProperty() lastMessageSeq!: number;
}

export class ChatMessageResponse {
  @ApiProperty() groupId!: string;
  @ApiProperty({ description: '1, 2, 3... with no gaps: the order every member sees' }) seq!: number;
  @ApiProperty() senderId!: string;
  @ApiProperty() text!: string;
  @ApiPropertyOptional() clientMessageId?: string;
  @ApiProperty({ description: 'ISO-8601 UTC instant' }) at!: string;
}

export class PostedMessageResponse {
  @ApiProperty() message!: ChatMessageResponse;
  @ApiProperty({ description: 'true for a resent message: `message` is the one stored the first time' })
  duplicate!: boolean;
}

export class HistoryPageResponse {
  @ApiProperty({ type: [ChatMessageResponse], description: 'oldest first' }) messages!: ChatMessageResponse[];
  @ApiPropertyOptional({ description: 'pass as beforeSeq for the page before; absent at the first message' })
  nextBeforeSeq?: number;
}

export class ErrorResponse {
  @ApiProperty({ example: 400 }) statusCode!: number;
  @ApiProperty({ example: 'groupId should not be empty' }) message!: string;
  @ApiProperty({ example: 'Bad Request' }) error!: string;
}
