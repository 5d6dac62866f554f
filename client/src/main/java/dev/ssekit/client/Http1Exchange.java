package dev.ssekit.client;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpHeaders;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;
import java.util.concurrent.Flow;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSession;
import javax.net.ssl.SSLSocket;

/**
 * One HTTP/1.1 request and response on a socket of its own, for the requests the JDK HttpClient would corrupt: it
 * writes an HTTP/1.1 head as US-ASCII, so a header value byte above 0x7F (a UTF-8 Last-Event-ID, PROC-017) becomes
 * {@code ?}. Here each char of a header value (0-255, as the JDK keeps them) is written as that byte, as HPACK does.
 *
 * <p>The result has the JDK's own shape, {@code HttpResponse<Flow.Publisher<List<ByteBuffer>>>}, so the EventSource
 * handles both transports alike. Blocking I/O runs on {@code io}'s threads: the connect and the head on one task, then
 * one read per chunk the subscriber asks for. Cancelling the future or the body subscription closes the socket, which
 * ends a read blocked in another thread. The connection is never reused: it closes when the body ends.
 */
final class Http1Exchange {

    /** Largest chunk handed to the subscriber; the body is read in pieces no larger. */
    static final int CHUNK = 8192;
    private static final int MAX_HEAD = 64 * 1024;

    private final HttpClient client;
    private final HttpRequest request;
    private final byte[] body;
    private final Executor io;
    private final Socket plain = new Socket();
    private final AtomicBoolean aborted = new AtomicBoolean();
    private final Pending result = new Pending();
    private volatile SSLSession session;

    private Http1Exchange(HttpClient client, HttpRequest request, byte[] body, Executor io) {
        this.client = client;
        this.request = request;
        this.body = body;
        this.io = io;
    }

    /**
     * Sends {@code request} (its URI, method, headers and timeout; {@code body} its body, or null) with the client's
     * connect timeout and TLS settings. The future fails with {@link HttpTimeoutException} when no response head
     * arrived within the request's timeout.
     */
    static CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> send(HttpClient client, HttpRequest request,
            byte[] body, Executor io) {
        Http1Exchange x = new Http1Exchange(client, request, body, io);
        io.execute(x::exchange);
        return x.result;
    }

    /** A future whose cancel also aborts the exchange, as the JDK's does (16+). */
    private final class Pending extends CompletableFuture<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> {
        @Override
        public boolean cancel(boolean mayInterruptIfRunning) {
            abort();
            return super.cancel(mayInterruptIfRunning);
        }
    }

    private void abort() {
        if (aborted.compareAndSet(false, true)) {
            try {
                plain.close(); // also ends a connect, a TLS handshake or a read blocked in another thread
            } catch (IOException e) {
                // closing is all we wanted
            }
        }
    }

    private void exchange() {
        try {
            long deadline = request.timeout().map(t -> System.nanoTime() + t.toNanos()).orElse(0L);
            URI uri = request.uri();
            boolean tls = uri.getScheme().equalsIgnoreCase("https");
            String host = uri.getHost();
            String bare = host.startsWith("[") ? host.substring(1, host.length() - 1) : host;
            int port = uri.getPort() != -1 ? uri.getPort() : tls ? 443 : 80;
            long connectMillis = client.connectTimeout().map(Duration::toMillis).orElse(0L);
            if (deadline != 0) {
                long left = Math.max(1, millisLeft(deadline));
                connectMillis = connectMillis == 0 ? left : Math.min(connectMillis, left);
            }
            if (aborted.get()) {
                return;
            }
            try {
                plain.connect(new InetSocketAddress(bare, port), (int) Math.min(Integer.MAX_VALUE, connectMillis));
            } catch (SocketTimeoutException e) {
                throw new HttpConnectTimeoutException("no connection to " + bare + ":" + port + " within " + connectMillis
                        + " ms");
            }
            Socket s = tls ? tls(bare, port) : plain;
            if (deadline != 0) {
                s.setSoTimeout((int) Math.min(Integer.MAX_VALUE, Math.max(1, millisLeft(deadline))));
            }
            OutputStream out = s.getOutputStream();
            out.write(head(uri));
            if (body != null) {
                out.write(body);
            }
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream(), CHUNK);
            Head h;
            try {
                do {
                    h = readHead(in);
                } while (h.status / 100 == 1 && h.status != 101); // interim responses (100 Continue...)
            } catch (SocketTimeoutException e) {
                throw new HttpTimeoutException("no response head within " + request.timeout().orElseThrow().toMillis()
                        + " ms");
            }
            s.setSoTimeout(0); // the EventSource times the body itself
            boolean noBody = request.method().equals("HEAD") || h.status == 204 || h.status == 304 || h.status / 100 == 1;
            result.complete(new Response(h, new Body(bodyStream(h, in, noBody))));
        } catch (IOException | RuntimeException e) {
            abort();
            result.completeExceptionally(e);
        }
    }

    private static long millisLeft(long deadline) {
        return (deadline - System.nanoTime()) / 1_000_000;
    }

    private Socket tls(String host, int port) throws IOException {
        SSLSocket ssl = (SSLSocket) client.sslContext().getSocketFactory().createSocket(plain, host, port, true);
        SSLParameters p = client.sslParameters();
        p.setEndpointIdentificationAlgorithm("HTTPS"); // host name checked as the JDK client checks it
        p.setApplicationProtocols(new String[] {"http/1.1"});
        if (!host.contains(":") && !host.matches("[0-9.]+")) {
            p.setServerNames(List.of(new SNIHostName(host)));
        }
        ssl.setSSLParameters(p);
        ssl.startHandshake();
        session = ssl.getSession();
        return ssl;
    }

    /** The request head: each header value char written as one byte (the JDK allows only 0-255 in a value). */
    private byte[] head(URI uri) {
        StringBuilder b = new StringBuilder(request.method()).append(' ');
        String path = uri.getRawPath() == null || uri.getRawPath().isEmpty() ? "/" : uri.getRawPath();
        b.append(path);
        if (uri.getRawQuery() != null) {
            b.append('?').append(uri.getRawQuery());
        }
        b.append(" HTTP/1.1\r\nHost: ").append(uri.getHost());
        if (uri.getPort() != -1) {
            b.append(':').append(uri.getPort());
        }
        b.append("\r\n");
        Map<String, List<String>> fields = request.headers().map();
        if (fields.keySet().stream().noneMatch(k -> k.equalsIgnoreCase("User-Agent"))) {
            b.append("User-Agent: Java-http-client/").append(System.getProperty("java.version")).append("\r\n");
        }
        fields.forEach((name, values) -> values.forEach(v -> b.append(name).append(": ").append(v).append("\r\n")));
        if (body != null || request.method().equals("POST") || request.method().equals("PUT")) {
            b.append("Content-Length: ").append(body == null ? 0 : body.length).append("\r\n");
        }
        b.append("Connection: close\r\n\r\n"); // never reused: nothing is left behind when the body ends
        return b.toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private record Head(int status, HttpHeaders headers) {
    }

    private static Head readHead(InputStream in) throws IOException {
        String statusLine = line(in, true);
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("[0-9]{3}")) {
            throw new IOException("not an HTTP/1.1 status line: " + statusLine);
        }
        Map<String, List<String>> fields = new TreeMap<>(String.CASE_INSENSITIVE_ORDER);
        int size = statusLine.length();
        String field;
        while (!(field = line(in, false)).isEmpty()) {
            size += field.length();
            if (size > MAX_HEAD) {
                throw new IOException("the response head is longer than " + MAX_HEAD + " bytes");
            }
            int colon = field.indexOf(':');
            if (colon > 0) {
                fields.computeIfAbsent(field.substring(0, colon).strip(), k -> new ArrayList<>())
                        .add(field.substring(colon + 1).strip());
            }
        }
        return new Head(Integer.parseInt(parts[1]), HttpHeaders.of(fields, (k, v) -> true));
    }

    /** One CRLF- or LF-ended line as ISO-8859-1; EOF before it ends is an error. */
    private static String line(InputStream in, boolean first) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int c;
        while ((c = in.read()) != '\n') {
            if (c < 0) {
                throw new IOException(first && b.size() == 0 ? "the connection closed before a response"
                        : "the connection closed inside the response head");
            }
            if (b.size() > MAX_HEAD) {
                throw new IOException("a response head line is longer than " + MAX_HEAD + " bytes");
            }
            b.write(c);
        }
        String s = b.toString(StandardCharsets.ISO_8859_1);
        return s.endsWith("\r") ? s.substring(0, s.length() - 1) : s;
    }

    private static InputStream bodyStream(Head h, InputStream in, boolean noBody) throws IOException {
        if (noBody) {
            return InputStream.nullInputStream();
        }
        List<String> te = h.headers.allValues("Transfer-Encoding");
        if (!te.isEmpty()) {
            String last = te.get(te.size() - 1);
            String[] codings = last.split(",");
            if (codings[codings.length - 1].strip().equalsIgnoreCase("chunked")) {
                return new Chunked(in);
            }
            return in; // another coding last: the body runs to the close (RFC 9112, 6.3)
        }
        Optional<String> length = h.headers.firstValue("Content-Length");
        if (length.isPresent()) {
            long n;
            try {
                n = Long.parseLong(length.get().strip());
            } catch (NumberFormatException e) {
                throw new IOException("an invalid Content-Length: " + length.get());
            }
            if (n < 0) {
                throw new IOException("an invalid Content-Length: " + n);
            }
            return new Limited(in, n);
        }
        return in;
    }

    /** A Content-Length body: EOF after n bytes; the connection closing before is an error. */
    private static final class Limited extends InputStream {
        private final InputStream in;
        private long left;

        Limited(InputStream in, long n) {
            this.in = in;
            this.left = n;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection closed " + left + " bytes before the end of the body");
            }
            left -= n;
            return n;
        }
    }

    /** A chunked body (RFC 9112, 7.1): the chunks' data, EOF after the last chunk and its trailers. */
    private static final class Chunked extends InputStream {
        private final InputStream in;
        private long left;
        private boolean done;

        Chunked(InputStream in) {
            this.in = in;
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (left == 0) {
                String size = line(in, false);
                int ext = size.indexOf(';');
                try {
                    left = Long.parseLong((ext < 0 ? size : size.substring(0, ext)).strip(), 16);
                } catch (NumberFormatException e) {
                    throw new IOException("an invalid chunk size: " + size);
                }
                if (left < 0) {
                    throw new IOException("an invalid chunk size: " + size);
                }
                if (left == 0) {
                    while (!line(in, false).isEmpty()) {
                        // trailer fields: ignored
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection closed inside a chunk");
            }
            left -= n;
            if (left == 0 && !line(in, false).isEmpty()) {
                throw new IOException("a chunk does not end with CRLF");
            }
            return n;
        }
    }

    /** The body as a publisher for one subscriber: one blocking read on {@code io} per chunk asked for. */
    private final class Body implements Flow.Publisher<List<ByteBuffer>>, Flow.Subscription {
        private final InputStream in;
        private final AtomicLong demand = new AtomicLong();
        private final AtomicBoolean reading = new AtomicBoolean();
        private final AtomicBoolean subscribed = new AtomicBoolean();
        private volatile Flow.Subscriber<? super List<ByteBuffer>> subscriber;
        private volatile boolean finished;

        Body(InputStream in) {
            this.in = in;
        }

        @Override
        public void subscribe(Flow.Subscriber<? super List<ByteBuffer>> s) {
            if (!subscribed.compareAndSet(false, true)) {
                s.onSubscribe(new Flow.Subscription() {
                    @Override
                    public void request(long n) {
                    }

                    @Override
                    public void cancel() {
                    }
                });
                s.onError(new IllegalStateException("the body has a subscriber already"));
                return;
            }
            subscriber = s;
            s.onSubscribe(this);
        }

        @Override
        public void request(long n) {
            if (n <= 0) {
                fail(new IllegalArgumentException("request(" + n + ")"));
                return;
            }
            demand.getAndUpdate(d -> d + n < 0 ? Long.MAX_VALUE : d + n);
            pump();
        }

        @Override
        public void cancel() {
            finished = true;
            abort();
        }

        private void pump() {
            if (!finished && demand.get() > 0 && reading.compareAndSet(false, true)) {
                try {
                    io.execute(this::readSome);
                } catch (RuntimeException e) {
                    reading.set(false);
                    fail(e);
                }
            }
        }

        private void readSome() {
            try {
                while (!finished && demand.get() > 0) {
                    byte[] buf = new byte[CHUNK];
                    int n = in.read(buf);
                    if (finished) {
                        return;
                    }
                    if (n < 0) {
                        finished = true;
                        abort();
                        subscriber.onComplete();
                        return;
                    }
                    demand.decrementAndGet();
                    subscriber.onNext(List.of(ByteBuffer.wrap(buf, 0, n).slice()));
                }
            } catch (IOException | RuntimeException e) {
                fail(e);
            } finally {
                reading.set(false);
            }
            pump(); // demand that came while this read ended
        }

        private void fail(Throwable t) {
            if (!finished) {
                finished = true;
                abort();
                subscriber.onError(t);
            }
        }
    }

    /** The response, as the JDK's client would hand it over. */
    private final class Response implements HttpResponse<Flow.Publisher<List<ByteBuffer>>> {
        private final Head head;
        private final Body body;

        Response(Head head, Body body) {
            this.head = head;
            this.body = body;
        }

        @Override
        public int statusCode() {
            return head.status;
        }

        @Override
        public HttpRequest request() {
            return request;
        }

        @Override
        public Optional<HttpResponse<Flow.Publisher<List<ByteBuffer>>>> previousResponse() {
            return Optional.empty();
        }

        @Override
        public HttpHeaders headers() {
            return head.headers;
        }

        @Override
        public Flow.Publisher<List<ByteBuffer>> body() {
            return body;
        }

        @Override
        public Optional<SSLSession> sslSession() {
            return Optional.ofNullable(session);
        }

        @Override
        public URI uri() {
            return request.uri();
        }

        @Override
        public HttpClient.Version version() {
            return HttpClient.Version.HTTP_1_1;
        }

        @Override
        public String toString() {
            return "(" + request.method() + " " + request.uri() + ") " + head.status + " (HTTP/1.1, "
                    + Http1Exchange.class.getSimpleName() + ")";
        }
    }

    /** True when some header value holds a byte the JDK would write as {@code ?} over HTTP/1.1. */
    static boolean needsRawBytes(HttpRequest request) {
        return request.headers().map().values().stream().flatMap(List::stream)
                .anyMatch(v -> v.chars().anyMatch(c -> c > 0x7f));
    }

    /** The parts of a caller's HttpClient this exchange cannot honour: with any of them, the JDK client is used. */
    static boolean supports(HttpClient client) {
        return client.proxy().isEmpty() && client.authenticator().isEmpty() && client.cookieHandler().isEmpty();
    }

}
