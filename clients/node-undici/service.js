// A test service around node's built-in EventSource: the global one when node has it (node 20.18+ and 22 with
// --experimental-eventsource, as `npm start` runs it), otherwise the same code from the undici package. Written as
// a user writes it: new EventSource(url), addEventListener per event type, onerror, close(). It takes no headers,
// method, body or initial Last-Event-ID (only withCredentials and undici's own dispatcher).
import { readFileSync } from 'node:fs';
import { EventSource as UndiciEventSource } from 'undici';
import { refuseUnsupported, serve } from '../service/node/test-service.mjs';

const builtIn = typeof globalThis.EventSource === 'function';
const EventSource = builtIn ? globalThis.EventSource : UndiciEventSource;
const undiciVersion = JSON.parse(readFileSync(new URL('./node_modules/undici/package.json', import.meta.url))).version;
const STATES = ['CONNECTING', 'OPEN', 'CLOSED'];

serve({
  name: builtIn
    ? `node ${process.version} built-in EventSource (undici ${process.versions.undici})`
    : `undici ${undiciVersion} EventSource (npm; node ${process.version} has no global EventSource)`,
  capabilities: [
    'event-type-listeners', // EventTarget: one listener per type
    'server-directed-shutdown-request', // a 204 closes it for good
    'sse-kit:close-in-error-callback',
  ],
  open(request, callbacks) {
    refuseUnsupported(request, []);
    const es = new EventSource(request.streamUrl);
    const relay = (e) => callbacks.event(e.type, e.data, e.lastEventId);
    const listening = new Set(['message']);
    es.addEventListener('message', relay);
    es.onerror = () => {
      // a plain Event: the readyState is all it tells (CONNECTING: it will retry; CLOSED: it gave up)
      callbacks.error(`error (readyState ${es.readyState} ${STATES[es.readyState]})`);
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
