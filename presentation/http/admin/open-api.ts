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
    .build();
  SwaggerModule.setup('docs', app, () => SwaggerModule.createDocument(app, config));
}
