// Original file: presentation/grpc/chatservice/chat_service.proto

export const StatusCode = {
  OK: 'OK',
  BAD_REQUEST: 'BAD_REQUEST',
  SERVICE_UNAVAILABLE: 'SERVICE_UNAVAILABLE',
  REQUEST_TIMEOUT: 'REQUEST_TIMEOUT',
  GENERIC_ERROR: 'GENERIC_ERROR',
} as const;

export type StatusCode =
  | 'OK'
  | 0
  | 'BAD_REQUEST'
  | 1
  | 'SERVICE_UNAVAILABLE'
  | 2
  | 'REQUEST_TIMEOUT'
  | 3
  | 'GENERIC_ERROR'
  | 4

export type StatusCode__Output = typeof StatusCode[keyof typeof StatusCode]
