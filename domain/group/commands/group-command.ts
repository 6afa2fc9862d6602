import { AddMember } from './add-member.command';
import { CreateGroup } from './create-group.command';
import { DeleteGroup } from './delete-group.command';
import { PostMessage } from './post-message.command';
import { RemoveMember } from './remove-member.command';

export type GroupCommand = CreateGroup | AddMember | RemoveMember | DeleteGroup | PostMessage;
