import { Socket } from 'node:net';

/**
 * Finds out once which external services are reachable and tells the test files through the environment
 * (`SERVICE_<NAME>` = "up" or the reason it is not), so that a missing service is reported, never silently ignored.
 */
export default async function globalSetup(): Promise<void> {
  const mongoUrl = process.env.MONGODB_URL;
  process.env.SERVICE_MONGODB = mongoUrl
    ? await probe(hostAndPort(mongoUrl, 27017))
    : 'MONGODB_URL is not set (bash .ci/run starts the stand-in and sets it)';
  const amqp = process.env.AMQP_URL
    ? hostAndPort(process.env.AMQP_URL, 5672)
    : { host: process.env.RABBITMQ_HOST ?? '127.0.0.1', port: Number(process.env.RABBITMQ_PORT ?? 5672) };
  process.env.SERVICE_RABBITMQ = await probe(amqp);
}

function hostAndPort(url: string, defaultPort: number): { host: string; port: number } {
  const { hostname, port } = new URL(url.replace(/^[a-z+]+:/, 'http:'));
  return { host: hostname.split(',')[0], port: Number(port || defaultPort) };
}

function probe({ host, port }: { host: string; port: number }): Promise<string> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (result: string) => {
      socket.destroy();
      resolve(result);
    };
    socket.setTimeout(2000, () => done(`nothing answers on ${host}:${port} (timeout)`));
    socket.once('error', (error) => done(`nothing answers on ${host}:${port} (${error.message})`));
    socket.connect(port, host, () => done('up'));
  });
}
