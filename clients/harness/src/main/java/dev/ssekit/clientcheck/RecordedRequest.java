package dev.ssekit.clientcheck;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * One request as it arrived: method, target, each header's name and raw value bytes (in order, repeats kept), the
 * body, when its first byte was read ({@link System#nanoTime()}), and the protocol it came over (the request line's
 * version, {@code HTTP/1.1}, or {@link #H2}).
 */
record RecordedRequest(String method, String target, List<Header> headers, byte[] body, long arrivedNanos, String protocol) {

    /** The protocol name of a request that came over HTTP/2. */
    static final String H2 = "h2";

    record Header(String name, byte[] value) {

        String text() {
            return new String(value, StandardCharsets.ISO_8859_1);
        }
    }

    static RecordedRequest parse(byte[] head, long arrived) {
        String text = new String(head, StandardCharsets.ISO_8859_1); // one char per byte: raw bytes survive
        String[] lines = text.split("\r\n");
        String[] first = lines[0].split(" ");
        List<Header> headers = new ArrayList<>();
        for (int i = 1; i < lines.length; i++) {
            int colon = lines[i].indexOf(':');
            if (colon <= 0) {
                continue;
            }
            String value = lines[i].substring(colon + 1).strip();
            headers.add(new Header(lines[i].substring(0, colon).trim(), value.getBytes(StandardCharsets.ISO_8859_1)));
        }
        return new RecordedRequest(first[0], first.length > 1 ? first[1] : "/", List.copyOf(headers), new byte[0], arrived,
                first.length > 2 ? first[2] : "HTTP/1.0");
    }

    RecordedRequest withBody(byte[] b) {
        return new RecordedRequest(method, target, headers, b, arrivedNanos, protocol);
    }

    /** The raw value of the header named {@code name} (any case), repeats joined with ", "; null when absent. */
    byte[] headerBytes(String name) {
        byte[] out = null;
        for (Header h : headers) {
            if (h.name().equalsIgnoreCase(name)) {
                if (out == null) {
                    out = h.value();
                } else {
                    byte[] joined = Arrays.copyOf(out, out.length + 2 + h.value().length);
                    joined[out.length] = ',';
                    joined[out.length + 1] = ' ';
                    System.arraycopy(h.value(), 0, joined, out.length + 2, h.value().length);
                    out = joined;
                }
            }
        }
        return out;
    }

    String header(String name) {
        byte[] b = headerBytes(name);
        return b == null ? null : new String(b, StandardCharsets.ISO_8859_1);
    }

    /** The path part of the target. */
    String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }
}
