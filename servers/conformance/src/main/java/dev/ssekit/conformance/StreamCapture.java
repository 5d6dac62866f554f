package dev.ssekit.conformance;

import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One response as it arrived: status, headers, the body's exact bytes (up to a cap), what the parser made of them,
 * when each part came (milliseconds since the request was sent) and how the response ended.
 */
final class StreamCapture {

    /** How reading stopped. */
    enum End {
        /** The response ended as its framing says (last chunk, Content-Length reached, or close-delimited EOF). */
        COMPLETE,
        /** The server closed the connection before the framing said the response was over. */
        CUT,
        /** The connection failed (reset). */
        RESET,
        /** The deadline passed with the response still open. */
        TIMEOUT,
        /** The reader had what it needed and closed the connection itself. */
        STOPPED,
        /** Nothing was read: the connection could not be made or the request could not be sent. */
        NO_CONNECTION
    }

    record Timed<T>(T value, long atMs) {
    }

    static final int BODY_CAP = 16 << 20;

    final HttpRequest request;
    int status = -1;
    String reason = "";
    final List<Map.Entry<String, String>> headers = new ArrayList<>();
    long headersAtMs = -1;
    final ByteArrayOutputStream body = new ByteArrayOutputStream();
    long bodyBytes;
    long firstBodyByteMs = -1;
    long lastByteMs = -1;
    long longestQuietMs;
    final List<Timed<ParsedEvent>> events = new ArrayList<>();
    final List<Timed<String>> comments = new ArrayList<>();
    final List<Timed<Long>> retries = new ArrayList<>();
    String limitBreached;
    End end;
    long endAtMs = -1;
    String endDetail = "";
    /** The time of the read being parsed, stamped on what the parser reports. */
    long nowMs;

    StreamCapture(HttpRequest request) {
        this.request = request;
    }

    boolean hasStatus() {
        return status >= 0;
    }

    /** Every value of a header (names case-insensitive), joined with ", " as HTTP allows; null when absent. */
    String header(String name) {
        List<String> v = headers.stream().filter(h -> h.getKey().equalsIgnoreCase(name)).map(Map.Entry::getValue)
                .collect(Collectors.toList());
        return v.isEmpty() ? null : String.join(", ", v);
    }

    void addHeader(String name, String value) {
        headers.add(new AbstractMap.SimpleImmutableEntry<>(name, value));
    }

    /** The media type of Content-Type, lower case, without parameters; null when absent. */
    String mediaType() {
        String ct = header("Content-Type");
        if (ct == null) {
            return null;
        }
        int semi = ct.indexOf(';');
        return (semi < 0 ? ct : ct.substring(0, semi)).trim().toLowerCase(Locale.ROOT);
    }

    boolean isEventStream() {
        return "text/event-stream".equals(mediaType());
    }

    /** The server ended the response or dropped the connection (as opposed to a timeout or our own stop). */
    boolean closedByServer() {
        return end == End.COMPLETE || end == End.CUT || end == End.RESET;
    }

    byte[] bodyBytes() {
        return body.toByteArray();
    }

    String bodyText() {
        return body.toString(StandardCharsets.UTF_8);
    }

    List<ExpectedEvent> eventList() {
        return events.stream().map(t -> new ExpectedEvent(t.value().type(), t.value().data(), t.value().lastEventId()))
                .collect(Collectors.toList());
    }

    /** Every event's data, concatenated: what the tutorial's page shows. */
    String concatenatedData() {
        StringBuilder b = new StringBuilder();
        events.forEach(e -> b.append(e.value().data()));
        return b.toString();
    }

    /** The byte offset of the first invalid UTF-8 sequence in the captured body, or -1 when it is all valid. */
    long firstInvalidUtf8() {
        byte[] bytes = bodyBytes();
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(bytes);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
        while (true) {
            CoderResult r = d.decode(in, out, true);
            if (r.isError()) {
                return in.position();
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            break;
        }
        // A stream cut inside a character (or one we stopped reading) leaves a tail: only a finished stream is judged there.
        CoderResult r = d.flush(out);
        return r.isError() && end == End.COMPLETE ? bytes.length : -1;
    }

    /** Whether the first line of the body is a valid retry field ({@code retry:} then ASCII digits). */
    boolean opensWithRetry() {
        String text = bodyText();
        int eol = indexOfLineEnd(text);
        String first = eol < 0 ? "" : text.substring(0, eol);
        if (first.startsWith("\ufeff")) {
            first = first.substring(1);
        }
        if (!first.startsWith("retry:")) {
            return false;
        }
        String v = first.substring(6);
        if (v.startsWith(" ")) {
            v = v.substring(1);
        }
        return !v.isEmpty() && v.chars().allMatch(c -> c >= '0' && c <= '9');
    }

    /** The first line of the body, escaped, for messages. */
    String firstLine() {
        String text = bodyText();
        int eol = indexOfLineEnd(text);
        return Escapes.quote(eol < 0 ? (text.length() > 80 ? text.substring(0, 80) + "..." : text) : text.substring(0, eol));
    }

    private static int indexOfLineEnd(String text) {
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '\n' || c == '\r') {
                return i;
            }
        }
        return -1;
    }

    /** A short account of how the response went, for Actual lines. */
    String summary() {
        if (end == End.NO_CONNECTION) {
            return "no response (" + endDetail + ")";
        }
        StringBuilder b = new StringBuilder();
        b.append(hasStatus() ? "status " + status : "no status line").append(", ").append(events.size())
                .append(events.size() == 1 ? " event" : " events").append(", ").append(bodyBytes).append(" body bytes, ")
                .append(describeEnd());
        return b.toString();
    }

    String describeEnd() {
        return switch (end) {
            case COMPLETE -> "the response ended after " + endAtMs + " ms";
            case CUT -> "the server closed the connection after " + endAtMs + " ms" + detailSuffix();
            case RESET -> "the connection failed after " + endAtMs + " ms" + detailSuffix();
            case TIMEOUT -> "still open when the reader gave up after " + endAtMs + " ms";
            case STOPPED -> "closed by the reader after " + endAtMs + " ms";
            case NO_CONNECTION -> "no connection" + detailSuffix();
        };
    }

    private String detailSuffix() {
        return endDetail.isEmpty() ? "" : " (" + endDetail + ")";
    }

    static String describe(List<ExpectedEvent> events) {
        return events.stream().map(ExpectedEvent::toString).collect(Collectors.joining(", ", "[", "]"));
    }
}
