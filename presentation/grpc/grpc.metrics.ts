import { ServerInterceptingCall, ServerInterceptor, status as GrpcStatus } from '@grpc/grpc-js';
import { Counter, Histogram, Registry } from 'prom-client';

/**
 * Counts every gRPC call by method and final status, unary and streaming alike: an interceptor sees the status the
 * server sends, whichever handler or library (health, reflection) produced it.
 */
export function grpcMetricsInterceptor(registry: Registry): ServerInterceptor {
  const calls = new Counter({
    name: 'chat_grpc_calls_total',
    help: 'gRPC calls by method (full path) and final status code',
    labelNames: ['method', 'code'],
    registers: [registry],
  });
  const seconds = new Histogram({
    name: 'chat_grpc_call_seconds',
    help: 'gRPC call durations by method (for a subscription: how long it stayed open)',
    labelNames: ['method'],
    buckets: [0.001, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 5, 30, 300],
    registers: [registry],
  });
  return (method, call) => {
    const stop = seconds.startTimer({ method: method.path });
    return new ServerInterceptingCall(call, {
      sendStatus: (status, next) => {
        calls.inc({ method: method.path, code: GrpcStatus[status.code] ?? String(status.code) });
        stop();
        next(status);
      },
    });
  };
}
