import { ApiPropertyOptional } from '@nestjs/swagger';
import { Type } from 'class-transformer';
import { IsInt, IsOptional, Min } from 'class-validator';

export const DEFAULT_HISTORY_PAGE = 50;

export class HistoryQuery {
  @ApiPropertyOptional({
    description: `how many messages (default ${DEFAULT_HISTORY_PAGE}); capped at HISTORY_MAX_PAGE_SIZE`,
    minimum: 1,
  })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  limit?: number;

  @ApiPropertyOptional({ description: 'messages before this sequence number; the newest when absent', minimum: 1 })
  @IsOptional()
  @Type(() => Number)
  @IsInt()
  @Min(1)
  beforeSeq?: number;
}
