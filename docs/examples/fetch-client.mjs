// Reads an event stream with fetch() instead of EventSource, so that it can send any request header.
// Works in browsers and in Node 18+. Used by docs/learn/browser-api.adoc.
//   node docs/examples/fetch-client.mjs 'http://127.0.0.1:3000/api/sse?doc=probe&interval=0' 5
import { EventStreamParser } from './sse-parser.mjs';

// tag::fetch-client[]
async function readEvents(url, headers, onEvent) {
  const response = await fetch(url, { headers: { Accept: 'text/event-stream', ...headers } });
  const type = response.headers.get('Content-Type') ?? '';
  if (response.status !== 200 || !type.startsWith('text/event-stream')) {
    throw new Error(`not an event stream: ${response.status} ${type}`);
  }
  const parser = new EventStreamParser({ onEvent });
  for await (const chunk of response.body) parser.feed(chunk); // Uint8Array chunks as they arrive
  parser.end();
  // Reconnecting, waiting the retry time and sending Last-Event-ID are now the caller's job.
}
// end::fetch-client[]

const [url = 'http://127.0.0.1:3000/api/sse?doc=probe&interval=0', lastId] = process.argv.slice(2);
await readEvents(url, lastId ? { 'Last-Event-ID': lastId } : {}, e => console.log(JSON.stringify(e)));
