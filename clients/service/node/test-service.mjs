// The test-service skeleton (LaunchDarkly's sse-contract-tests protocol, docs/service_spec.md) for node clients: the
// JavaScript twin of dev.ssekit.clientservice.TestService. An adapter gives a name, its capabilities and an open()
// that starts one client; this file does the HTTP side and the numbered, ordered callbacks. Node built-ins only, so
// any node package can import it by relative path without installing anything.
import { createServer } from 'node:http';

const MAX_BODY = 64 * 1024;
// callbacks waiting for the harness, per stream: beyond this a flooding client is cut off, with one error saying so
export const MAX_QUEUED = 10_000;
const STREAMS = '/streams/';

class BadRequest extends Error {}

/**
 * Starts the service on env HOST (default 127.0.0.1) and PORT (default 8111; 0 picks a free one).
 *
 * @param adapter {{ name: string, capabilities: string[], open: (request, callbacks) => { close(), listen?(type) } }}
 *   open() throws BadRequest (exported as badRequest) for a request the client cannot honour
 */
export function serve(adapter) {
  const streams = new Map();
  let ids = 0;

  const server = createServer(async (req, res) => {
    try {
      const body = await readBody(req);
      if (body === null) {
        return reply(res, 413, `request body over ${MAX_BODY} bytes`);
      }
      const path = new URL(req.url, 'http://service').pathname;
      if (path === '/') {
        if (req.method === 'GET' || req.method === 'HEAD') {
          res.setHeader('Content-Type', 'application/json');
          return reply(res, 200, JSON.stringify({ name: adapter.name, capabilities: adapter.capabilities }));
        }
        if (req.method === 'POST') {
          const request = parseRequest(body);
          const id = String(++ids);
          streams.set(id, adapter.open(request, callbacks(request.callbackUrl)));
          console.log(`stream ${id} ${request.tag ?? ''} -> ${request.streamUrl}`);
          res.setHeader('Location', STREAMS + id);
          return reply(res, 201);
        }
        if (req.method === 'DELETE') {
          reply(res, 204);
          for (const stream of streams.values()) {
            stream.close();
          }
          streams.clear();
          server.close();
          // the reply goes out first; then nothing may keep the process alive (open sockets, timers, fetches)
          setTimeout(() => process.exit(0), 100);
          return undefined;
        }
        return reply(res, 405, 'GET, POST or DELETE');
      }
      if (path.startsWith(STREAMS)) {
        const id = path.slice(STREAMS.length);
        const stream = streams.get(id);
        if (!stream) {
          return reply(res, 404, `no stream ${id}`);
        }
        if (req.method === 'DELETE') {
          streams.delete(id);
          stream.close();
          return reply(res, 204);
        }
        if (req.method === 'POST') {
          command(stream, body);
          return reply(res, 204);
        }
        return reply(res, 405, 'POST or DELETE');
      }
      return reply(res, 404, 'no such resource');
    } catch (e) {
      if (e instanceof BadRequest) {
        return reply(res, 400, e.message);
      }
      console.error('test service:', e);
      return reply(res, 500, `${adapter.name}: ${e}`);
    }
  });

  const host = process.env.HOST || '127.0.0.1';
  const port = Number(process.env.PORT ?? 8111);
  server.listen(port, host, () => {
    console.log(`test service for ${adapter.name} listening on http://${host}:${server.address().port}/`);
  });
  return server;
}

/** For open(): the request asks for something this client cannot do (the harness gets a 400). */
export function badRequest(message) {
  return new BadRequest(message);
}

/** The harness's request properties beyond a plain GET that this adapter does not support, as one 400. */
export function refuseUnsupported(request, supported) {
  const asked = [];
  if (Object.keys(request.headers).length && !supported.includes('headers')) asked.push('headers');
  if (request.method && request.method !== 'GET' && !supported.includes('method')) asked.push(`method ${request.method}`);
  if (request.body != null && !supported.includes('body')) asked.push('body');
  if (request.lastEventId && !supported.includes('lastEventId')) asked.push('lastEventId');
  if (request.readTimeoutMs != null && !supported.includes('readTimeoutMs')) asked.push('readTimeoutMs');
  if (asked.length) {
    throw badRequest(`this client cannot honour: ${asked.join(', ')}`);
  }
}

function command(stream, body) {
  const json = parseJson(body);
  if (json.command === 'listen' && typeof json.listen?.type === 'string' && stream.listen) {
    stream.listen(json.listen.type);
  } else if (json.command === 'restart' && stream.restart) {
    stream.restart();
  } else {
    throw badRequest(`unknown or unsupported command ${JSON.stringify(json.command)}`);
  }
}

function parseRequest(body) {
  const json = parseJson(body);
  const url = (name) => {
    const s = json[name];
    let u;
    try {
      u = new URL(s);
    } catch {
      throw badRequest(`${name} is missing or not a URL: ${s}`);
    }
    if (u.protocol !== 'http:' && u.protocol !== 'https:') {
      throw badRequest(`${name} is not an http(s) URL: ${s}`);
    }
    return s;
  };
  const optional = (name, type) => {
    const v = json[name];
    if (v != null && typeof v !== type) {
      throw badRequest(`${name} is not a ${type}`);
    }
    return v ?? undefined;
  };
  const headers = json.headers ?? {};
  if (typeof headers !== 'object' || Array.isArray(headers) || Object.values(headers).some((v) => typeof v !== 'string')) {
    throw badRequest('headers is not an object of strings');
  }
  return {
    streamUrl: url('streamUrl'),
    callbackUrl: url('callbackUrl'),
    tag: optional('tag', 'string'),
    initialDelayMs: optional('initialDelayMs', 'number'),
    readTimeoutMs: optional('readTimeoutMs', 'number'),
    lastEventId: optional('lastEventId', 'string'),
    headers,
    method: optional('method', 'string'),
    body: optional('body', 'string'),
    closeOnError: json.closeOnError === true,
  };
}

function parseJson(body) {
  try {
    const v = JSON.parse(body);
    if (v && typeof v === 'object' && !Array.isArray(v)) {
      return v;
    }
  } catch {
    // reported below
  }
  throw badRequest('the body is not a JSON object');
}

/**
 * The callbacks of one stream: numbered from 1 in call order and posted one after the other (a promise chain), so
 * the harness gets them in order even though fetch is asynchronous.
 */
function callbacks(callbackUrl) {
  const base = callbackUrl.replace(/\/$/, '');
  let counter = 0;
  let waiting = 0;
  let overflowed = false;
  let chain = Promise.resolve();

  const post = (message) => {
    if (waiting >= MAX_QUEUED) {
      if (!overflowed) {
        overflowed = true;
        enqueue({ kind: 'error', comment: `test service: more than ${MAX_QUEUED} callbacks waiting; later ones dropped` });
      }
      return;
    }
    enqueue(message);
  };
  const enqueue = (message) => {
    waiting++;
    const body = JSON.stringify(message);
    chain = chain.then(async () => {
      const n = ++counter;
      try {
        const res = await fetch(`${base}/${n}`, {
          method: 'POST',
          headers: { 'Content-Type': 'application/json' },
          body,
          signal: AbortSignal.timeout(5000),
        });
        await res.arrayBuffer(); // frees the connection for the next one
      } catch {
        // the harness has gone or closed this stream's endpoint: nobody is left to tell
      } finally {
        waiting--;
      }
    });
  };

  return {
    event: (type, data, id) => post({ kind: 'event', event: { type, data, id } }),
    comment: (text) => post({ kind: 'comment', comment: text }),
    error: (message) => post({ kind: 'error', comment: message ?? '' }),
  };
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    let size = 0;
    req.on('data', (chunk) => {
      size += chunk.length;
      if (size <= MAX_BODY) {
        chunks.push(chunk);
      }
    });
    req.on('end', () => resolve(size > MAX_BODY ? null : Buffer.concat(chunks).toString('utf8')));
    req.on('error', reject);
  });
}

function reply(res, status, text) {
  if (text === undefined || res.req.method === 'HEAD') {
    res.writeHead(status).end();
    return;
  }
  if (!res.hasHeader('Content-Type')) {
    res.setHeader('Content-Type', 'text/plain; charset=utf-8');
  }
  res.writeHead(status).end(text);
}
