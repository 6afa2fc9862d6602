// Original file: presentation/grpc/chat/v1/chat.proto

import type { Long } from '@grpc/proto-loader';

export interface Group {
  'group_id'?: (string);
  'created_by'?: (string);
  'members'?: (string)[];
  'online'?: (string)[];
  'last_message_seq'?: (number | string | Long);
}

export interface Group__Output {
  'group_id': (string);
  'created_by': (string);
  'members': (string)[];
  'online': (string)[];
  'last_message_seq': (number);
}
