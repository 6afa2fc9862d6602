import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import { IsNotEmpty, IsOptional, IsString } from 'class-validator';

export class PostMessageRequest {
  @ApiProperty({ example: 'alice', description: 'a member of the group' })
  @IsString()
  @IsNotEmpty()
  senderId!: string;

  // Emptiness and length are the group's rules (MAX_MESSAGE_LENGTH): the domain refuses them with their own message.
  @ApiProperty({ example: 'hello' })
  @IsString()
  text!: string;

  @ApiPropertyOptional({ description: 'name the message to make sending it again safe: a resent message is stored once' })
  @IsOptional()
  @IsString()
  @IsNotEmpty()
  clientMessageId?: string;
}
