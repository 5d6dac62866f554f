#!/usr/bin/env python3
"""Measures what hostile clients cost the Vert.x server, on loopback, bounded in count and time.

The server runs as dev.ssekit.server.vertx.ChildServer in a child JVM; its 'memory' command prints the
heap after GC, direct memory (the JDK's and Netty's counters), Netty's allocator use and the RSS, in MiB.
"established" is the number of the server's ESTABLISHED sockets and what the kernel queues on them.

  ./mvnw -B -ntp -pl servers/vertx -am install -DskipTests
  ./mvnw -B -ntp -q -pl servers/vertx dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt
  CP=servers/vertx/target/classes:servers/vertx/target/test-classes:$(cat /tmp/cp.txt)
  python3 servers/vertx/src/test/probes/measure.py $CP subscribers   # 1,000 feed subscribers stop reading, 8 KiB events for 10 s
  python3 servers/vertx/src/test/probes/measure.py $CP flood 1024    # ulimit -n 1024, 1,100 half requests for 3 s, then released
  python3 servers/vertx/src/test/probes/measure.py $CP halfheads     # 2,000 half requests, the default 15 s request deadline
  python3 servers/vertx/src/test/probes/measure.py $CP files         # 500 clients of a 1.6 MB docs file that never read
  python3 servers/vertx/src/test/probes/measure.py $CP idle          # what 2,000 open, idle event streams cost

To measure another version, compile its servers/vertx/src/main and ChildServer.java into directories and put
them first on the class path."""
import http.client, json, os, socket, subprocess, sys, tempfile, time
cp, scen = sys.argv[1], sys.argv[2]
TMP = tempfile.mkdtemp(prefix='sse-kit-measure-')
ERR = os.path.join(TMP, 'child.err')
limit = sys.argv[3] if len(sys.argv) > 3 else None
def start(*args):
    cmd = ['java', '-Xmx1g', '-cp', cp, 'dev.ssekit.server.vertx.ChildServer', *args]
    if limit:
        cmd = ['sh', '-c', f'ulimit -n {limit} && exec ' + ' '.join(f"'{c}'" for c in cmd)]
    p = subprocess.Popen(cmd, stdin=subprocess.PIPE, stdout=subprocess.PIPE, stderr=open(ERR, 'w'), text=True)
    line = p.stdout.readline()
    return p, int(line.split()[1])
def mem(p):
    p.stdin.write('memory\n'); p.stdin.flush()
    d = dict(kv.split('=') for kv in p.stdout.readline().split()[1:])
    return {k: round(int(v) / 2**20, 1) for k, v in d.items()}
def est(port):
    out = subprocess.run(['ss', '-Htn', 'state', 'established', f'( sport = :{port} )'], capture_output=True, text=True).stdout
    lines = [l for l in out.splitlines() if l.strip()]
    return len(lines), round(sum(int(l.split()[1]) for l in lines) / 2**20, 1)
def stats(port):
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=10); c.request('GET', '/api/stats'); d = json.loads(c.getresponse().read()); c.close(); return d
def answers(port):
    try:
        s = socket.create_connection(('127.0.0.1', port), timeout=1); s.settimeout(1)
        s.sendall(b'GET /api/stats HTTP/1.1\r\nHost: x\r\n\r\n'); ok = s.recv(64).startswith(b'HTTP/1.1 200'); s.close(); return ok
    except OSError:
        return False

if scen == 'subscribers':   # item 3
    p, port = start('token=t0ken')
    print('start', mem(p), 'established (n, MiB queued)', est(port))
    subs = []
    for i in range(1000):
        s = socket.socket(); s.connect(('127.0.0.1', port)); s.sendall(b'GET /api/feed HTTP/1.1\r\nHost: x\r\n\r\n'); subs.append(s)
    for s in subs:
        s.settimeout(5); s.recv(4096)
    print('subscribed', stats(port)['feedSubscribers'], mem(p))
    c = http.client.HTTPConnection('127.0.0.1', port, timeout=10); t0 = time.time(); n = 0
    while time.time() - t0 < 10:
        c.request('POST', '/api/feed', body=b'x' * 8192, headers={'Authorization': 'Bearer t0ken'}); c.getresponse().read(); n += 1
        time.sleep(0.005)
    st = stats(port)
    print(f'published {n} events of 8 KiB in 10 s; slowClientsDropped {st["slowClientsDropped"]}')
    print('after publishing', mem(p), 'established', est(port))
    time.sleep(5)
    print('5 s later (client sockets still held)', mem(p), 'established', est(port))
    for s in subs: s.close()
    time.sleep(2)
    print('clients gone', mem(p), 'established', est(port))
elif scen == 'flood':        # item 1
    p, port = start('requestTimeoutMs=60000')
    socks = []
    for i in range(1100):
        s = socket.socket(); s.settimeout(5); s.connect(('127.0.0.1', port)); s.send(b'GET /api/sse?do'); socks.append(s)
    time.sleep(3)
    print('during the flood, a new request answered:', answers(port))
    for s in socks: s.close()
    t0 = time.time()
    while not answers(port) and time.time() - t0 < 60: time.sleep(0.1)
    ok = answers(port)
    print(f'released 1100; answers again: {ok}, after {time.time() - t0:.2f} s' if ok else 'released 1100; no answer within 60 s')
    err = open(ERR).read()
    print('stderr mentions a dead thread:', 'Exception in thread' in err)
elif scen == 'halfheads':    # item 8 (the brief's "2,000 half-sent requests held")
    p, port = start()  # the default 15 s request deadline
    m0 = mem(p); socks = []
    for i in range(2000):
        s = socket.socket(); s.connect(('127.0.0.1', port)); s.sendall(b'GET /api/sse?do'); socks.append(s)
    time.sleep(2)
    print('start', m0); print('2000 held', mem(p), 'established', est(port))
    time.sleep(18)
    closed = 0
    for s in socks:
        s.settimeout(0.01)
        try:
            d = s.recv(4096)
            if d.startswith(b'HTTP/1.1 408') or not d: closed += 1
        except OSError: pass
    print(f'20 s in (deadline 15 s, linger 2 s): {closed} of 2000 got 408/close;', mem(p), 'established', est(port), 'requestsTimedOut', stats(port).get('requestsTimedOut'))
    for s in socks: s.close()
    time.sleep(3)
    print('clients gone', mem(p), 'established', est(port))
elif scen == 'files':        # item 9
    docs = os.path.join(TMP, 'docs'); os.makedirs(docs, exist_ok=True)
    with open(docs + '/big.bin', 'wb') as f: f.write(os.urandom(1_600_000))
    p, port = start('docs=' + docs)
    m0 = mem(p); socks = []; got = 0
    for i in range(500):
        s = socket.socket(); s.setsockopt(socket.SOL_SOCKET, socket.SO_RCVBUF, 4096); s.connect(('127.0.0.1', port))
        s.sendall(b'GET /docs/big.bin HTTP/1.1\r\nHost: x\r\n\r\n'); socks.append(s)
    time.sleep(2)
    for s in socks:
        s.settimeout(0.05)
        try:
            if s.recv(12) == b'HTTP/1.1 200': got += 1
        except OSError: pass
    time.sleep(2)
    print('start', m0); print(f'500 clients asked, {got} got a 200 head, none reads further:', mem(p), 'established', est(port))
    for s in socks: s.close()
    time.sleep(2)
    print('clients gone', mem(p))
elif scen == 'idle':
    p, port = start()
    m0 = mem(p); socks = []
    for i in range(2000):
        s = socket.socket(); s.connect(('127.0.0.1', port))
        s.sendall(b'GET /api/sse?doc=probe&interval=3600000 HTTP/1.1\r\nHost: x\r\n\r\n'); socks.append(s)
    for s in socks:
        s.settimeout(5); s.recv(4096)
    time.sleep(1)
    m1 = mem(p)
    print('start', m0); print('2000 idle streams', m1, 'activeStreams', stats(port)['activeStreams'],
          f"heap per stream {(m1['heap'] - m0['heap']) * 2**20 / 2000:.0f} bytes")
    for s in socks: s.close()
p.stdin.write('quit\n'); p.stdin.flush(); p.wait(30)
