#!/usr/bin/env node
// Reads a group's history over gRPC, for poking at a running service:
//   node scripts/grpc-history.js GROUP [COUNT] [HOST:PORT]      (HOST:PORT defaults to localhost:$GRPC_PORT, or 5052)
// calls position-pal's chatservice.ChatService/RetrieveLastMessages (the last COUNT messages, default 10) and
// chat.v1.GroupChatService/GetHistory (the newest page), and prints both replies as JSON.
const { credentials, loadPackageDefinition } = require('@grpc/grpc-js');
const { loadSync } = require('@grpc/proto-loader');
const { join } = require('node:path');

const [group, count = '10', address = `localhost:${process.env.GRPC_PORT || 5052}`] = process.argv.slice(2);
if (!group) {
  process.stderr.write('usage: node scripts/grpc-history.js GROUP [COUNT] [HOST:PORT]\n');
  process.exit(2);
}

const definition = loadSync(['chatservice/chat_service.proto', 'chat/v1/chat.proto'], {
  keepCase: true,
  longs: String,
  enums: String,
  defaults: true,
  oneofs: true,
  includeDirs: [join(__dirname, '..', 'presentation', 'grpc')],
});
const loaded = loadPackageDefinition(definition);
const positionPal = new loaded.chatservice.ChatService(address, credentials.createInsecure());
const chatV1 = new loaded.chat.v1.GroupChatService(address, credentials.createInsecure());

const call = (client, method, request) =>
  new Promise((resolve, reject) =>
    client[method](request, { deadline: Date.now() + 5000 }, (error, response) =>
      error ? reject(new Error(`${method}: ${error.details} (status ${error.code})`)) : resolve(response),
    ),
  );

(async () => {
  const last = await call(positionPal, 'RetrieveLastMessages', { group_id: group, number_of_messages: count });
  console.log('chatservice.ChatService/RetrieveLastMessages:', JSON.stringify(last, null, 2));
  const page = await call(chatV1, 'GetHistory', { group_id: group, limit: Number(count) });
  console.log('chat.v1.GroupChatService/GetHistory:', JSON.stringify(page, null, 2));
})()
  .catch((error) => {
    process.stderr.write(`${error.message}\n`);
    process.exitCode = 1;
  })
  .finally(() => {
    positionPal.close();
    chatV1.close();
  });
