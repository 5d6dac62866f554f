import { readFileSync } from 'node:fs';
import { createServer } from 'node:http';
import {
  createApp,
  createEventStream,
  createRouter,
  defineEventHandler,
  getQuery,
  handleCors,
  toNodeListener,
} from 'h3';

// the tutorial's document, one Unicode code point per event (Array.from splits by code point, not UTF-16 unit)
const pieces = Array.from(readFileSync(new URL('./data.txt', import.meta.url), 'utf-8'));

export const app = createApp();

// the tutorial's page is served from another origin: any origin may read the stream
app.use(
  defineEventHandler((event) => {
    if (handleCors(event, { origin: '*' })) {
      return; // a preflight, answered
    }
  }),
);

const router = createRouter();

router.get(
  '/api/sse',
  defineEventHandler((event) => {
    const { interval = 1000, event: type = 'lol' } = getQuery(event);
    const eventStream = createEventStream(event);
    let sent = 0;
    const timer = setInterval(async () => {
      const id = ++sent;
      if (id === pieces.length) {
        clearInterval(timer);
      }
      await eventStream.push({ id: String(id), event: type, data: pieces[id - 1] });
      if (id === pieces.length) {
        await eventStream.close(); // ends the response after the last piece
      }
    }, Number(interval));
    eventStream.onClosed(async () => {
      clearInterval(timer);
      await eventStream.close();
    });
    return eventStream.send();
  }),
);

app.use(router);

const port = Number(process.env.PORT ?? 3000);
const host = process.env.HOST ?? '127.0.0.1';
createServer(toNodeListener(app)).listen(port, host, () => {
  console.log(`listening on http://${host}:${port}`);
});
