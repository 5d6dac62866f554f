#!/usr/bin/env python3
"""Shows the HTTP/1.1 per-host connection limit: a page opens 8 EventSources to one server, which
keeps every stream open; prints how many streams reached the server and each readyState after 2 s
(reported through the other host name, localhost, whose connections are counted separately).
Used by docs/learn/browser-api.adoc.

    python3 docs/examples/connection-limit.py [/usr/bin/chromium]
"""
import socket, subprocess, sys, threading

PAGE = b"""<!doctype html><meta charset=utf-8><body><script>
const all = [];
for (let i = 0; i < 8; i++) all.push(new EventSource('/hold?n=' + i));
setTimeout(() => new Image().src = 'http://localhost:' + location.port + '/report?' +
  all.map(es => es.readyState).join('+'), 2000);
</script>"""
open_streams = []
lock = threading.Lock()
reported = threading.Event()
states = []


def answer(conn):
    head = b""
    while b"\r\n\r\n" not in head:
        chunk = conn.recv(4096)
        if not chunk:
            return conn.close()
        head += chunk
    path = head.split(b" ")[1].decode()
    if path.startswith("/hold"):
        with lock:
            open_streams.append((path, conn))  # keeps the socket open until the browser exits
        conn.sendall(b"HTTP/1.1 200 OK\r\nContent-Type: text/event-stream\r\n\r\n: open\n\n")
        return
    if path.startswith("/report?"):
        states.append(path.split("?", 1)[1].replace("+", " "))
        reported.set()
    body = PAGE if path == "/" else b""
    status = b"200 OK" if path == "/" else b"404 Not Found"
    conn.sendall(b"HTTP/1.1 " + status + b"\r\nContent-Type: text/html; charset=utf-8\r\nContent-Length: "
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
    browser = subprocess.Popen([chromium, "--headless=new", "--no-sandbox", "--disable-gpu",
                                "--disable-dev-shm-usage", f"http://127.0.0.1:{port}/"],
                               stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ok = reported.wait(30)
    finally:
        browser.terminate()
        browser.wait(10)
    with lock:
        print(f"streams the server received: {len(open_streams)} of 8 ({', '.join(p for p, _ in open_streams)})")
    print("readyState of the 8 EventSources:", states[0] if ok else "the page did not report")
    server.close()


if __name__ == "__main__":
    main()
