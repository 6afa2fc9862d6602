import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

export class CreateGroupRequest {
  @ApiProperty({ example: 'g1' })
  @IsString()
  @IsNotEmpty()
  groupId!: string;

  @ApiProperty({ example: 'alice', description: 'the creator, who becomes the first member' })
  @IsString()
  @IsNotEmpty()
  createdBy!: string;
}
