import { Controller, Get, UseGuards } from '@nestjs/common';
import { ApiOkResponse, ApiSecurity, ApiTags } from '@nestjs/swagger';
import { ApiKeyGuard } from './api-key.guard';
import { DescribeInstanceUseCase } from '../../application/use-cases/describe-instance.use-case';

/**
 * `GET /admin/instance`: which instance answered, and every live instance of the service with the groups it serves and
 * its connection counts.
 */
@ApiTags('operations')
@Controller('admin/instance')
@UseGuards(ApiKeyGuard)
@ApiSecurity('api-key')
export class InstanceController {
  constructor(private readonly describeInstance: DescribeInstanceUseCase) {}

  @Get()
  @ApiOkResponse({ description: '{ instanceId (the one that answered), instances: [{ instanceId, startedAt, groups: [{ groupId, onlineMembers, connections }] }] }' })
  describe() {
    return this.describeInstance.execute();
  }
}
