// Original file: presentation/grpc/chat/v1/chat.proto

import type { Long } from '@grpc/proto-loader';

export interface GetHistoryRequest {
  'group_id'?: (string);
  'before_seq'?: (number | string | Long);
  'limit'?: (number);
}

export interface GetHistoryRequest__Output {
  'group_id': (string);
  'before_seq': (number);
  'limit': (number);
}
