// An event-stream parser in plain JavaScript (Node 18+ or a browser), written from the WHATWG rules
// for docs/guides/vectors-in-other-languages.adoc and proven by runner.mjs against spec/vectors/parse.

// tag::parser[]
export class EventStreamParser {
  #decoder = new TextDecoder('utf-8'); // WHATWG UTF-8 decode: strips one leading BOM, U+FFFD for bad bytes
  #line = '';          // the current, unterminated line
  #afterCR = false;    // the last line ended with CR: an LF right after it belongs to that line end
  #type = '';
  #data = '';
  #id = '';            // the last event ID buffer
  #lastEventId = '';

  constructor({ onEvent = () => {}, onRetry = () => {} } = {}) {
    this.onEvent = onEvent; // ({type, data, lastEventId})
    this.onRetry = onRetry; // (BigInt milliseconds)
  }

  /** Feeds one chunk of bytes (a Uint8Array); the chunk may end anywhere, even inside a character. */
  feed(bytes) {
    const text = this.#decoder.decode(bytes, { stream: true });
    let start = 0;
    for (let i = 0; i < text.length; i++) {
      const c = text.charCodeAt(i);
      if (c !== 0x0a && c !== 0x0d) continue;
      if (c === 0x0a && this.#afterCR && i === start && this.#line === '') {
        this.#afterCR = false; // the LF of a CRLF split across chunks, or right after the CR
        start = i + 1;
        continue;
      }
      this.#processLine(this.#line + text.slice(start, i));
      this.#line = '';
      this.#afterCR = c === 0x0d;
      if (c === 0x0d && text.charCodeAt(i + 1) === 0x0a) {
        i++; // CRLF within this chunk
        this.#afterCR = false;
      }
      start = i + 1;
    }
    if (start < text.length) {
      this.#line += text.slice(start);
      this.#afterCR = false;
    }
  }

  /** The stream ended: an unterminated line and an event without its blank line are discarded. */
  end() {
    this.#decoder.decode();
    this.#line = '';
    this.#type = this.#data = '';
  }

  #processLine(line) {
    if (line === '') return this.#dispatch();
    if (line.startsWith(':')) return; // comment
    const colon = line.indexOf(':');
    const name = colon < 0 ? line : line.slice(0, colon);
    let value = colon < 0 ? '' : line.slice(colon + 1);
    if (value.startsWith(' ')) value = value.slice(1); // exactly one space
    switch (name) { // case-sensitive; anything else is ignored
      case 'event': this.#type = value; break;
      case 'data': this.#data += value + '\n'; break;
      case 'id': if (!value.includes('\0')) this.#id = value; break;
      case 'retry': if (/^[0-9]+$/.test(value)) this.onRetry(BigInt(value)); break;
    }
  }

  #dispatch() {
    this.#lastEventId = this.#id; // even when nothing is dispatched
    if (this.#data === '') {
      this.#type = '';
      return;
    }
    const data = this.#data.slice(0, -1); // one trailing LF
    const type = this.#type === '' ? 'message' : this.#type;
    this.#type = this.#data = '';
    this.onEvent({ type, data, lastEventId: this.#lastEventId });
  }
}
// end::parser[]
