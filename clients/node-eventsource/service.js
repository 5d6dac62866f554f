// A test service around the eventsource npm package, written the way its README shows: a custom fetch for
// headers, method and body; addEventListener per event type; onerror; close().
import { readFileSync } from 'node:fs';
import { EventSource } from 'eventsource';
import { refuseUnsupported, serve } from '../service/node/test-service.mjs';

const version = JSON.parse(readFileSync(new URL('./node_modules/eventsource/package.json', import.meta.url))).version;
const STATES = ['CONNECTING', 'OPEN', 'CLOSED'];

serve({
  name: `eventsource ${version} (npm) on node ${process.version}`,
  capabilities: [
    'headers', // through the fetch option
    'post',
    'report',
    'event-type-listeners', // EventTarget: one listener per type
    'server-directed-shutdown-request', // a 204 closes it for good
    'sse-kit:close-in-error-callback',
  ],
  open(request, callbacks) {
    refuseUnsupported(request, ['headers', 'method', 'body']);
    const es = new EventSource(request.streamUrl, {
      fetch: (input, init) =>
        fetch(input, {
          ...init,
          method: request.method ?? init.method,
          body: request.body ?? init.body,
          headers: { ...init.headers, ...request.headers },
        }),
    });
    const relay = (e) => callbacks.event(e.type, e.data, e.lastEventId);
    const listening = new Set(['message']);
    es.addEventListener('message', relay);
    es.onerror = (e) => {
      // the package's ErrorEvent carries a message and, for HTTP failures, the status as code
      const detail = [e.message, e.code === undefined ? undefined : `code ${e.code}`].filter(Boolean).join(', ');
      callbacks.error(`error (readyState ${es.readyState} ${STATES[es.readyState]})${detail ? `: ${detail}` : ''}`);
      if (request.closeOnError) {
        es.close();
      }
    };
    return {
      close: () => es.close(),
      listen(type) {
        if (!listening.has(type)) {
          listening.add(type);
          es.addEventListener(type, relay);
        }
      },
    };
  },
});
