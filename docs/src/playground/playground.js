// sse-kit live playground: one text, streamed through a chosen server, watched twice (raw bytes and EventSource).
// Plain browser JavaScript, no libraries. Served by `sse-kit serve` at /docs/playground/.
(function () {
  'use strict';

  // A letter, a newline, a lone space, Chinese, an emoji and a ZWJ family: every kind of piece.
  var SAMPLE = 'Hi SSE!\n 你好，世界 🙂👨\u200d👩\u200d👧';
  var NAMES = { undertow: 'Undertow', vertx: 'Vert.x' };
  var STATES = ['CONNECTING', 'OPEN', 'CLOSED'];

  var $ = function (id) { return document.getElementById(id); };
  var el = {
    input: $('input'), server: $('server'), interval: $('interval'), drop: $('drop'),
    start: $('start'), reconnect: $('reconnect'), stop: $('stop'), status: $('status'), url: $('url'),
    offline: $('offline'), offlineWhy: $('offline-why'),
    rawPanel: $('raw-panel'), raw: $('raw'), rawBytes: $('raw-bytes'), rawConns: $('raw-conns'),
    rawLast: $('raw-last'), rawIds: $('raw-ids'), rawText: $('raw-text'),
    esPanel: $('es-panel'), esState: $('es-state'), esCount: $('es-count'), esLast: $('es-last'),
    esLog: $('es-log'), esEvents: $('es-events'), esText: $('es-text')
  };

  var textLimit = 4096;
  var run = null; // the current run: { url, raw: {...}, es: {...} }

  el.input.value = SAMPLE;

  function say(text) { el.status.textContent = text; }

  function offline(why) {
    el.offline.hidden = false;
    el.offlineWhy.textContent = why;
    el.start.disabled = true;
    say('Not connected: see above.');
  }

  // ---- discovery: GET /api/info names this server and its neighbours (API-029) ----

  function discover() {
    if (location.protocol === 'file:') {
      offline('This page was opened from a file, so there is no server to stream from.');
      return;
    }
    fetch('/api/info', { cache: 'no-store' }).then(function (r) {
      if (!r.ok) { throw new Error('GET /api/info answered ' + r.status); }
      return r.json();
    }).then(function (info) {
      if (typeof info.textLimit === 'number') { textLimit = info.textLimit; }
      var servers = Array.isArray(info.servers) ? info.servers : [];
      var self = info.implementation;
      if (servers.length === 0) {
        servers = [{ name: self || 'this server', port: Number(location.port) || null }];
      }
      servers.forEach(function (s) {
        var here = s.name === self || servers.length === 1;
        var opt = document.createElement('option');
        opt.value = here ? '' : location.protocol + '//' + location.hostname + ':' + s.port;
        opt.dataset.name = s.name;
        opt.textContent = (NAMES[s.name] || s.name) + (here ? ' (this server)' : ' (port ' + s.port + ')');
        el.server.appendChild(opt);
      });
      el.start.disabled = false;
      say('Ready: ' + servers.length + ' server(s). Type a text and press Start.');
    }).catch(function (e) {
      offline('No sse-kit server answers GET /api/info here (' + e.message + ').');
    });
  }

  // ---- helpers ----

  function codePoints(s) { return Array.from(s).length; }

  /** Wire text with line ends made visible: LF as ↵ (then a real line break), CR as ␍. */
  function visible(s) {
    return s.replace(/\r/g, '␍').replace(/\n/g, '↵\n');
  }

  function streamUrl(base, text, interval, extra) {
    return base + '/api/sse?text=' + encodeURIComponent(text) + '&interval=' + interval + (extra || '');
  }

  function now() { return run ? Math.round(performance.now() - run.t0) : 0; }

  // ---- the raw view: fetch() and a tiny event-stream parser, to know the last id ----

  function RawParser(onEvent) {
    var buf = '';
    var type = '';
    var data = [];
    var lastId = '';
    this.feed = function (s) {
      buf += s;
      var i;
      while ((i = buf.indexOf('\n')) >= 0) {
        var line = buf.slice(0, i);
        buf = buf.slice(i + 1);
        if (line.charAt(line.length - 1) === '\r') { line = line.slice(0, -1); }
        this.line(line);
      }
    };
    this.line = function (line) {
      if (line === '') {
        if (data.length > 0) { onEvent({ type: type || 'message', data: data.join('\n'), lastEventId: lastId }); }
        type = '';
        data = [];
        return;
      }
      if (line.charAt(0) === ':') { return; }
      var c = line.indexOf(':');
      var name = c < 0 ? line : line.slice(0, c);
      var value = c < 0 ? '' : line.slice(c + 1);
      if (value.charAt(0) === ' ') { value = value.slice(1); }
      if (name === 'data') { data.push(value); } else if (name === 'event') { type = value; } else if (name === 'id' && value.indexOf('\0') < 0) { lastId = value; }
    };
  }

  function rawConnect(lastEventId) {
    var raw = run.raw;
    var ctrl = new AbortController();
    raw.ctrl = ctrl;
    raw.conns++;
    el.rawConns.textContent = String(raw.conns);
    var headers = {};
    var note = '── connection ' + raw.conns + ': GET ' + run.path;
    if (lastEventId) {
      headers['Last-Event-ID'] = lastEventId;
      note += '\n   Last-Event-ID: ' + lastEventId;
    }
    appendMarker(note + ' ──\n');
    var decoder = new TextDecoder('utf-8');
    var parser = new RawParser(function (e) {
      if (e.lastEventId) {
        raw.lastId = e.lastEventId;
        el.rawLast.textContent = e.lastEventId;
        raw.ids.push(e.lastEventId);
        el.rawIds.textContent = raw.ids.join(' ');
      }
      if (e.type === 'done') {
        raw.done = true;
        el.rawPanel.dataset.done = 'true';
      } else {
        raw.text += e.data;
        el.rawText.textContent = raw.text;
      }
    });
    fetch(run.url, { headers: headers, cache: 'no-store', signal: ctrl.signal }).then(function (r) {
      appendMarker('   ' + r.status + ' ' + (r.headers.get('Content-Type') || '') + '\n');
      if (r.status !== 200 || !r.body) {
        return r.text().then(function (t) { appendMarker('   ' + t); finishRaw(); });
      }
      var reader = r.body.getReader();
      var pump = function () {
        return reader.read().then(function (chunk) {
          if (chunk.done) {
            el.raw.appendChild(document.createTextNode(visible(decoder.decode())));
            appendMarker('── the server ended the response ──\n');
            if (raw.ctrl === ctrl) { finishRaw(); }
            return undefined;
          }
          raw.bytes += chunk.value.byteLength;
          el.rawBytes.textContent = String(raw.bytes);
          var s = decoder.decode(chunk.value, { stream: true });
          el.raw.appendChild(document.createTextNode(visible(s)));
          el.raw.scrollTop = el.raw.scrollHeight;
          parser.feed(s);
          return pump();
        });
      };
      return pump();
    }).catch(function (e) {
      if (e && e.name === 'AbortError') { return; } // our own Reconnect or Stop
      appendMarker('── failed: ' + e.message + ' ──\n');
      if (raw.ctrl === ctrl) { finishRaw(); }
    });
  }

  function appendMarker(text) {
    var span = document.createElement('span');
    span.className = 'marker';
    span.textContent = text;
    el.raw.appendChild(span);
  }

  function finishRaw() {
    if (!run) { return; }
    run.raw.ctrl = null;
    el.reconnect.disabled = true;
    maybeDone();
  }

  function reconnect() {
    if (!run || !run.raw.ctrl) { return; }
    var raw = run.raw;
    raw.ctrl.abort();
    raw.ctrl = null;
    appendMarker('\n── Reconnect: dropped after id ' + (raw.lastId || 'none') + ' ──\n');
    rawConnect(raw.lastId);
  }

  // ---- the EventSource view ----

  function esLog(text) {
    var li = document.createElement('li');
    li.textContent = '+' + now() + ' ms  ' + text;
    el.esLog.appendChild(li);
  }

  function esStart(url) {
    var es = new EventSource(url);
    var st = run.es;
    st.source = es;
    st.state = -1;
    var watch = function () {
      if (es.readyState !== st.state) {
        st.state = es.readyState;
        el.esState.textContent = es.readyState + ' ' + STATES[es.readyState];
        esLog('readyState ' + es.readyState + ' ' + STATES[es.readyState]);
      }
    };
    watch();
    st.timer = setInterval(watch, 25);
    es.onopen = function () { watch(); esLog('open'); };
    es.onerror = function () {
      watch();
      esLog(es.readyState === 0 ? 'error: the connection ended; the browser reconnects with Last-Event-ID '
        + (st.lastId || '(none)') : 'error: closed');
      if (es.readyState === 2) { esStop(); }
    };
    var onEvent = function (e) {
      watch();
      st.count++;
      st.lastId = e.lastEventId;
      el.esCount.textContent = String(st.count);
      el.esLast.textContent = e.lastEventId || 'none';
      var tr = document.createElement('tr');
      [e.lastEventId, e.type, JSON.stringify(e.data)].forEach(function (v) {
        var td = document.createElement('td');
        td.textContent = v;
        tr.appendChild(td);
      });
      el.esEvents.appendChild(tr);
      if (e.type === 'done') {
        es.close();
        watch();
        esLog('done: the page called close()');
        st.done = true;
        el.esPanel.dataset.done = 'true';
        esStop();
      } else {
        st.text += e.data;
        el.esText.textContent = st.text;
      }
    };
    es.addEventListener('lol', onEvent);
    es.addEventListener('done', onEvent);
  }

  function esStop() {
    if (!run) { return; }
    var st = run.es;
    if (st.source) { st.source.close(); }
    if (st.timer) { clearInterval(st.timer); st.timer = null; }
    if (st.source) {
      el.esState.textContent = st.source.readyState + ' ' + STATES[st.source.readyState];
    }
    maybeDone();
  }

  // ---- runs ----

  function clear() {
    [el.raw, el.rawIds, el.rawText, el.esLog, el.esEvents, el.esText].forEach(function (n) { n.textContent = ''; });
    el.rawBytes.textContent = '0';
    el.rawConns.textContent = '0';
    el.rawLast.textContent = 'none';
    el.esCount.textContent = '0';
    el.esLast.textContent = 'none';
    el.esState.textContent = '–';
    el.rawPanel.dataset.done = 'false';
    el.esPanel.dataset.done = 'false';
  }

  function start(ev) {
    if (ev) { ev.preventDefault(); }
    stop();
    var text = el.input.value;
    var n = codePoints(text.replace(/\r\n?/g, '\n'));
    if (n === 0) { say('Type some text first.'); return; }
    if (n > textLimit) { say('The text has ' + n + ' code points; the server takes at most ' + textLimit + '.'); return; }
    var interval = Number(el.interval.value);
    if (!(interval >= 0 && interval <= 3600000 && Math.floor(interval) === interval)) {
      say('The interval must be a whole number of milliseconds from 0 to 3600000.');
      return;
    }
    var drop = el.drop.value.trim();
    if (drop !== '' && !/^[1-9][0-9]{0,8}$/.test(drop)) { say('"Cut every" must be a whole number from 1, or empty.'); return; }
    var opt = el.server.options[el.server.selectedIndex];
    var base = opt ? opt.value : '';
    clear();
    var url = streamUrl(base, text, interval);
    run = {
      t0: performance.now(), url: url, path: url.replace(/^https?:\/\/[^/]+/, ''),
      server: opt ? opt.dataset.name : '',
      raw: { ctrl: null, conns: 0, bytes: 0, ids: [], lastId: '', text: '', done: false },
      es: { source: null, timer: null, state: -1, count: 0, lastId: '', text: '', done: false }
    };
    el.url.textContent = (base || location.origin) + run.path;
    say('Streaming ' + n + ' code point(s) through ' + (opt ? opt.textContent : 'this server') + '…');
    el.reconnect.disabled = false;
    el.stop.disabled = false;
    rawConnect('');
    esStart(drop === '' ? url : url + '&dropAfter=' + drop);
  }

  function maybeDone() {
    if (!run) { return; }
    var rawIdle = !run.raw.ctrl;
    var esIdle = !run.es.timer;
    if (rawIdle && esIdle) {
      el.stop.disabled = true;
      var same = run.raw.text === run.es.text;
      say('Finished: ' + run.raw.bytes + ' bytes in ' + run.raw.conns + ' raw connection(s); '
        + run.es.count + ' EventSource event(s). ' + (same ? 'Both views spell the same text.' : 'The views differ.'));
    }
  }

  function stop() {
    if (!run) { return; }
    if (run.raw.ctrl) { run.raw.ctrl.abort(); run.raw.ctrl = null; appendMarker('── stopped ──\n'); }
    esStop();
    el.reconnect.disabled = true;
    el.stop.disabled = true;
  }

  el.start.form.addEventListener('submit', start);
  el.reconnect.addEventListener('click', reconnect);
  el.stop.addEventListener('click', function () { stop(); say('Stopped.'); });
  discover();
})();
