import { Module } from '@nestjs/common';
import { GroupsAdminController } from '../../presentation/http/admin/groups-admin.controller';

/** The HTTP admin routes (/v1/groups...); the use cases come from the global ChatModule. */
@Module({ controllers: [GroupsAdminController] })
export class HttpAdminModule {}
