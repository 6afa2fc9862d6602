import { Controller, Get } from '@nestjs/common';
import { ApiOkResponse, ApiTags } from '@nestjs/swagger';
import { DescribeInstanceUseCase } from '../../application/use-cases/describe-instance.use-case';

/** `GET /admin/instance`: this instance, since when it runs, and the groups with sockets on it. */
@ApiTags('operations')
@Controller('admin/instance')
export class InstanceController {
  constructor(private readonly describeInstance: DescribeInstanceUseCase) {}

  @Get()
  @ApiOkResponse({ description: '{ instances: [{ instanceId, startedAt, groups: [{ groupId, onlineMembers, connections }] }] }' })
  describe() {
    return this.describeInstance.execute();
  }
}
