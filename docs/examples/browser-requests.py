#!/usr/bin/env python3
"""Prints the exact request bytes Chromium sends for a fetch() poll and for an EventSource (first
connection and the reconnect after the server closes the stream). The EventSource is given the
non-standard `headers` option the tutorial lists: the request shows that it is ignored.
Used by docs/learn/what-is-sse.adoc and browser-api.adoc.

    python3 docs/examples/browser-requests.py [/usr/bin/chromium]
"""
import socket, subprocess, sys, threading

PAGE = b"""<!doctype html><meta charset=utf-8><script>
fetch('/poll').then(r => r.text()).then(() => {
  const es = new EventSource('/events', {headers: {'X-Token': 'secret'}});
  es.onmessage = e => document.title = e.lastEventId;
});
</script>"""
EVENT = b"retry: 200\nid: 7\ndata: {\"cpu\":42}\n\n"
seen = {}


def answer(conn):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = conn.recv(4096)
        if not chunk:
            return conn.close()
        head += chunk
    head = head[: head.index(b"\r\n\r\n") + 4]
    path = head.split(b" ")[1].decode()
    n = seen[path] = seen.get(path, 0) + 1
    print(f"--- request {n} for {path}: {len(head)} bytes")
    print(head.decode("latin-1").replace("\r\n", "\n").rstrip())
    if path == "/":
        body, ctype = PAGE, b"text/html; charset=utf-8"
    elif path == "/poll":
        body, ctype = b'{"cpu":42}', b"application/json"
    elif path == "/events" and n == 1:  # one event, then close: the browser reconnects
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\nConnection: close\r\n\r\n" + EVENT)
        return conn.close()
    else:  # the reconnect: 204 stops EventSource for good
        conn.sendall(b"HTTP/1.1 204 No Content\r\nConnection: close\r\n\r\n")
        return conn.close()
    conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: " + ctype + b"\r\nContent-Length: "
                 + str(len(body)).encode() + b"\r\nConnection: close\r\n\r\n" + body)
    conn.close()


def main():
    server = socket.create_server(("127.0.0.1", 0))
    port = server.getsockname()[1]

    def loop():
        while True:
            conn, _ = server.accept()
            threading.Thread(target=answer, args=(conn,), daemon=True).start()

    threading.Thread(target=loop, daemon=True).start()
    chromium = sys.argv[1] if len(sys.argv) > 1 else "/usr/bin/chromium"
    subprocess.run([chromium, "--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                    "--virtual-time-budget=3000", "--dump-dom", f"http://127.0.0.1:{port}/"],
                   stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL, timeout=60)
    server.close()


if __name__ == "__main__":
    main()
