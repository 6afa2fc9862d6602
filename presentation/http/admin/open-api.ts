import { INestApplication } from '@nestjs/common';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';

/** Serves the OpenAPI description of the HTTP routes: the UI at /docs, the JSON at /docs-json. */
export function serveOpenApi(app: INestApplication): void {
  const config = new DocumentBuilder()
    .setTitle('group-chat-service')
    .setDescription(
      'Group administration and history over HTTP. Chat itself is on the WebSocket ' +
        '`/v1/messages/{groupId}?user={clientId}`; other services use gRPC; docs/grpc.md describes them.',
    )
    .setVersion('1')
    .addApiKey({ type: 'apiKey', in: 'header', name: 'X-API-Key' }, 'api-key')
    .build();
  // The UI's page loads its assets by relative paths, which resolve wrongly from `/docs/`: send it to `/docs`.
  app.use('/docs/', (request: { originalUrl: string }, response: { redirect(status: number, to: string): void }, next: () => void) =>
    request.originalUrl === '/docs/' ? response.redirect(301, '/docs') : next(),
  );
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}
