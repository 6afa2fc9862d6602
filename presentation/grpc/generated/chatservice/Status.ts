// Original file: presentation/grpc/chatservice/chat_service.proto

import type { StatusCode as _chatservice_StatusCode, StatusCode__Output as _chatservice_StatusCode__Output } from '../chatservice/StatusCode';

export interface Status {
  'code'?: (_chatservice_StatusCode);
  'message'?: (string);
}

export interface Status__Output {
  'code': (_chatservice_StatusCode__Output);
  'message': (string);
}
