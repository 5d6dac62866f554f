package dev.ssekit.clientcheck;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A bare HTTP/1.1 exchange over a socket, for the reference service: the JDK's HttpClient writes header values as
 * ASCII, so it cannot send a Last-Event-ID as its UTF-8 bytes (PROC-017). Test code; one request per connection.
 */
final class RawHttp {

    /** A response head and its body, de-chunked; the body's stream closes the socket. */
    record Response(int status, Map<String, List<String>> headers, InputStream body) {

        String header(String name) {
            List<String> v = headers.get(name.toLowerCase(Locale.ROOT));
            return v == null ? null : v.get(0);
        }
    }

    private RawHttp() {
    }

    /** Header values are written as given bytes: a value's chars must be its bytes (Latin-1). */
    static Response send(URI url, String method, Map<String, byte[]> headers, byte[] body) throws IOException {
        Socket s = new Socket(url.getHost(), url.getPort());
        try {
            s.setTcpNoDelay(true);
            ByteArrayOutputStream req = new ByteArrayOutputStream();
            String target = url.getRawPath() + (url.getRawQuery() == null ? "" : "?" + url.getRawQuery());
            req.writeBytes((method + " " + target + " HTTP/1.1\r\nHost: " + url.getHost() + ":" + url.getPort() + "\r\n")
                    .getBytes(StandardCharsets.ISO_8859_1));
            for (Map.Entry<String, byte[]> h : headers.entrySet()) {
                req.writeBytes((h.getKey() + ": ").getBytes(StandardCharsets.ISO_8859_1));
                req.writeBytes(h.getValue());
                req.writeBytes("\r\n".getBytes(StandardCharsets.ISO_8859_1));
            }
            if (body != null) {
                req.writeBytes(("Content-Length: " + body.length + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            }
            req.writeBytes("Connection: close\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
            if (body != null) {
                req.writeBytes(body);
            }
            OutputStream out = s.getOutputStream();
            out.write(req.toByteArray());
            out.flush();
            InputStream in = new BufferedInputStream(s.getInputStream());
            String status = line(in);
            if (status == null) {
                throw new IOException("connection closed before a response");
            }
            Map<String, List<String>> hs = new LinkedHashMap<>();
            for (String l = line(in); l != null && !l.isEmpty(); l = line(in)) {
                int c = l.indexOf(':');
                if (c > 0) {
                    hs.computeIfAbsent(l.substring(0, c).trim().toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(l.substring(c + 1).trim());
                }
            }
            int code = Integer.parseInt(status.split(" ")[1]);
            List<String> te = hs.get("transfer-encoding");
            List<String> cl = hs.get("content-length");
            InputStream raw = te != null && te.get(0).toLowerCase(Locale.ROOT).contains("chunked") ? new Chunked(in)
                    : cl != null ? new Bounded(in, Long.parseLong(cl.get(0))) : in;
            return new Response(code, hs, new FilterInputStream(raw) {
                @Override
                public void close() throws IOException {
                    s.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            s.close();
            throw e instanceof IOException io ? io : new IOException(e);
        }
    }

    static String line(InputStream in) throws IOException {
        StringBuilder b = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int n = b.length();
                return n > 0 && b.charAt(n - 1) == '\r' ? b.substring(0, n - 1) : b.toString();
            }
            b.append((char) c);
        }
        return b.length() == 0 ? null : b.toString();
    }

    /** Chunked transfer coding; the end of the socket before the last chunk is an error (a network error). */
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
                String size = line(in);
                if (size == null) {
                    throw new IOException("the connection ended inside a chunked body");
                }
                if (size.isEmpty()) {
                    size = line(in); // the CRLF after the previous chunk's data
                }
                if (size == null) {
                    throw new IOException("the connection ended inside a chunked body");
                }
                int semi = size.indexOf(';');
                left = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                if (left == 0) {
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n < 0) {
                throw new IOException("the connection ended inside a chunk");
            }
            left -= n;
            return n;
        }
    }

    private static final class Bounded extends InputStream {
        private final InputStream in;
        private long left;

        Bounded(InputStream in, long length) {
            this.in = in;
            this.left = length;
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
            if (n > 0) {
                left -= n;
            }
            return n;
        }
    }
}
