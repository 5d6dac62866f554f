// Runs every parse vector of spec/vectors/parse against sse-parser.mjs, in the four replay modes of
// spec/README.md, and prints one line per failing vector plus a count.
//   node docs/examples/runner.mjs [path/to/spec]
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { EventStreamParser } from './sse-parser.mjs';

const spec = process.argv[2] ?? new URL('../../spec', import.meta.url).pathname;
const quotes = new Map(JSON.parse(readFileSync(join(spec, 'requirements.json'), 'utf8'))
  .requirements.map(r => [r.id, r.quote]));

// tag::load[]
function bytesOf(vector) {
  return vector.input !== undefined
    ? new TextEncoder().encode(vector.input)        // a JSON string: its UTF-8 bytes
    : Uint8Array.from(Buffer.from(vector.inputBase64, 'base64'));
}
// end::load[]

// tag::modes[]
function* replays(bytes, splitAt) {
  yield ['whole', [bytes]];
  yield ['one byte at a time', Array.from(bytes, (_, i) => bytes.subarray(i, i + 1))];
  for (const k of splitPoints(bytes)) yield [`split at ${k}`, [bytes.subarray(0, k), bytes.subarray(k)]];
  if (splitAt) {
    const cuts = [0, ...splitAt, bytes.length];
    yield ['declared chunks', cuts.slice(1).map((end, i) => bytes.subarray(cuts[i], end))];
  }
}

function splitPoints(bytes) {
  const n = bytes.length;
  if (n <= 16 * 1024) return Array.from({ length: Math.max(n - 1, 0) }, (_, i) => i + 1);
  const points = new Set(); // the sample of spec/README.md for inputs over 16 KiB
  for (let k = 1; k <= 256; k++) { points.add(k); points.add(n - k); }
  bytes.forEach((b, i) => {
    if (b === 0x0d || b === 0x0a || b === 0x3a || b >= 0x80) {
      for (let d = -3; d <= 3; d++) points.add(i + d);
    }
  });
  for (let k = 1; k < 512; k++) points.add(Math.floor((k * n) / 512));
  return [...points].filter(k => k > 0 && k < n).sort((a, b) => a - b);
}
// end::modes[]

// tag::run[]
function run(chunks) {
  const events = [];
  let retry = null;
  const parser = new EventStreamParser({ onEvent: e => events.push(e), onRetry: ms => { retry = ms; } });
  for (const chunk of chunks) parser.feed(chunk);
  parser.end();
  return { events, retry: retry === null ? undefined : retry.toString() };
}

function same(got, want) {
  return got.retry === want.retry          // decimal strings; BigInt keeps huge values exact
    && got.events.length === want.events.length
    && got.events.every((e, i) => e.type === want.events[i].type
      && e.data === want.events[i].data && e.lastEventId === want.events[i].lastEventId);
}
// end::run[]

let vectors = 0, passed = 0, replaysRun = 0;
for (const file of readdirSync(join(spec, 'vectors/parse')).filter(f => f.endsWith('.json')).sort()) {
  for (const v of JSON.parse(readFileSync(join(spec, 'vectors/parse', file), 'utf8')).vectors) {
    vectors++;
    const want = { events: v.expected.events, retry: v.expected.retry };
    let failure = null;
    for (const [mode, chunks] of replays(bytesOf(v), v.splitAt)) {
      replaysRun++;
      const got = run(chunks);
      if (!same(got, want)) { failure = { mode, got }; break; }
    }
    if (!failure) { passed++; continue; }
    console.log(`[${v.requirements.join(',')}] ${v.id} (${failure.mode})`);
    for (const id of v.requirements) console.log(`  -> ${id}: ${quotes.get(id)}`);
    console.log(`  Expected: ${JSON.stringify(want)}\n  Actual:   ${JSON.stringify(failure.got)}`);
  }
}
console.log(`${passed} of ${vectors} parse vectors pass (${replaysRun} replays)`);
process.exitCode = passed === vectors ? 0 : 1;
