import { ApiProperty } from '@nestjs/swagger';
import { IsNotEmpty, IsString } from 'class-validator';

export class AddMemberRequest {
  @ApiProperty({ example: 'bob' })
  @IsString()
  @IsNotEmpty()
  memberId!: string;
}
