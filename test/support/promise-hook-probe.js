// Loaded into a service process (NODE_OPTIONS=--require ...): says on stderr that it runs, and when promise hooks turn
// on. Only with them on is the resource of a promise reaction the promise itself (async_hooks.executionAsyncResource).
const { executionAsyncResource } = require('node:async_hooks');

async function promiseHooksOn() {
  let resource;
  await Promise.resolve().then(() => {
    resource = executionAsyncResource();
  });
  return resource instanceof Promise;
}

let checks = 0;
const timer = setInterval(() => {
  void promiseHooksOn().then((on) => {
    if (++checks === 1) process.stderr.write('promise hook probe: checking\n');
    if (on) {
      process.stderr.write('promise hook probe: hooks on\n');
      clearInterval(timer);
    }
  });
}, 20);
timer.unref();
