package dev.ssekit.conformance;

import dev.ssekit.protocol.ParsedEvent;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import java.nio.ByteBuffer;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.AbstractMap;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * One response as it arrived: status, headers, the body's exact bytes, what the parser made of them, when each part
 * came (milliseconds since the request was sent) and how the response ended. What is kept is bounded by a
 * {@link CaptureBound}; a response that goes past it ends as {@link End#BOUND}, and the capture is its prefix.
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
        NO_CONNECTION,
        /** The reader stopped at the capture bound: what was kept is a prefix of the response (KIT-012). */
        BOUND,
        /** What arrived is not an HTTP response; the reader closed the connection. */
        NOT_HTTP
    }

    record Timed<T>(T value, long atMs) {
    }

    /** How much of the body's start is decoded for its first line. */
    private static final int FIRST_LINE_SCAN = 64 * 1024;
    /** Events listed in a message before the rest is counted. */
    private static final int DESCRIBED_EVENTS = 20;

    final HttpRequest request;
    final CaptureBound bound;
    int status = -1;
    String reason = "";
    final List<Map.Entry<String, String>> headers = new ArrayList<>();
    long headersAtMs = -1;
    private byte[] body = new byte[0];
    private int bodyKept;
    /** Characters of the events and comments kept: with the body, what the byte bound covers. */
    private long textKept;
    /** Events, comment lines and retry fields kept. */
    private int records;
    /** The bound that cut the response ({@code 16 MiB}, {@code 100000 events}); null while nothing was dropped. */
    String cutAt;
    /** The first bytes of a response that is not HTTP, escaped. */
    String notHttp;
    /** Every body byte that arrived, kept or not. */
    long bodyBytes;
    long firstBodyByteMs = -1;
    long lastByteMs = -1;
    long longestQuietMs;
    final List<Timed<ParsedEvent>> events = new ArrayList<>();
    final List<Timed<String>> comments = new ArrayList<>();
    final List<Timed<Long>> retries = new ArrayList<>();
    String limitBreached;
    /** Why a redirect this response asked for was not followed (the limit, a Location that is no URL); else null. */
    String redirectNote;
    End end;
    long endAtMs = -1;
    String endDetail = "";
    /** The time of the read being parsed, stamped on what the parser reports. */
    long nowMs;

    StreamCapture(HttpRequest request, CaptureBound bound) {
        this.request = request;
        this.bound = bound;
    }

    /** Keeps as much of a piece of body as the bound allows; returns how many bytes were kept. */
    int keepBody(byte[] b, int off, int len) {
        long room = cutAt != null ? 0 : bound.maxBytes() - bodyKept - textKept;
        int n = (int) Math.max(0, Math.min(len, room));
        if (n < len) {
            cutAt = bound.describeBytes();
        }
        if (bodyKept + n > body.length) {
            long grown = Math.max(bodyKept + n, Math.min(Math.max(8192L, 2L * body.length), bound.maxBytes()));
            body = Arrays.copyOf(body, (int) grown);
        }
        System.arraycopy(b, off, body, bodyKept, n);
        bodyKept += n;
        return n;
    }

    /** Whether one more event, comment or retry of {@code chars} characters fits the bound; if so it is counted. */
    boolean admit(long chars) {
        if (cutAt != null) {
            return false;
        }
        if (records >= bound.maxEvents()) {
            cutAt = bound.describeEvents();
            return false;
        }
        if (bodyKept + textKept + chars > bound.maxBytes()) {
            cutAt = bound.describeBytes();
            return false;
        }
        records++;
        textKept += chars;
        return true;
    }

    int keptBodyBytes() {
        return bodyKept;
    }

    /** Body bytes plus event text kept: never more than the bound. */
    long keptBytes() {
        return bodyKept + textKept;
    }

    /** The response was cut at the capture bound: what is here is a prefix. */
    boolean cutAtBound() {
        return end == End.BOUND;
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

    /** The body bytes kept: all of them unless the response was cut at the bound. */
    byte[] bodyBytes() {
        return Arrays.copyOf(body, bodyKept);
    }

    String bodyText() {
        return new String(body, 0, bodyKept, StandardCharsets.UTF_8);
    }

    /** Why there is no HTTP response to judge (nothing arrived, not HTTP, no connection); null when there is one. */
    String noResponse() {
        if (hasStatus()) {
            return null;
        }
        if (end == End.NO_CONNECTION) {
            return "no response (" + endDetail + ")";
        }
        if (end == End.NOT_HTTP) {
            return "the response is not HTTP: it starts with " + notHttp;
        }
        if (lastByteMs < 0) {
            return switch (end) {
                case TIMEOUT -> "nothing arrived: not a byte within " + endAtMs + " ms of the request";
                case CUT -> "nothing arrived: the server closed the connection after " + endAtMs + " ms without a byte";
                case RESET -> "nothing arrived: the connection failed after " + endAtMs + " ms" + detailSuffix();
                default -> "nothing arrived (" + describeEnd() + ")";
            };
        }
        return "no complete response head: " + describeEnd();
    }

    /**
     * Why this is no event stream whose body the suite can judge (KIT-014); null when it is one: status 200 and
     * Content-Type text/event-stream.
     */
    String notAnEventStream() {
        String none = noResponse();
        if (none != null) {
            return "no event stream to judge (" + none + ")";
        }
        if (status == 200 && isEventStream()) {
            return null;
        }
        String ct = header("Content-Type");
        return "the response is not an event stream: status " + status + ", "
                + (ct == null ? "no Content-Type" : "Content-Type " + ct) + (redirectNote == null ? "" : "; " + redirectNote);
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
        CharsetDecoder d = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT);
        ByteBuffer in = ByteBuffer.wrap(body, 0, bodyKept);
        java.nio.CharBuffer out = java.nio.CharBuffer.allocate(8192);
        // A stream cut inside a character (at the bound, the deadline or by the server) leaves a tail that is no
        // error of what was sent: only a finished response is judged to its last byte.
        boolean whole = end == End.COMPLETE;
        while (true) {
            CoderResult r = d.decode(in, out, whole);
            if (r.isError()) {
                return in.position();
            }
            if (r.isOverflow()) {
                out.clear();
                continue;
            }
            break;
        }
        return whole && d.flush(out).isError() ? bodyKept : -1;
    }

    /** Whether the first line of the body is a valid retry field ({@code retry:} then ASCII digits). */
    boolean opensWithRetry() {
        String text = headText();
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
        String text = headText();
        int eol = indexOfLineEnd(text);
        return Escapes.quote(eol < 0 ? (text.length() > 80 ? text.substring(0, 80) + "..." : text) : text.substring(0, eol));
    }

    /** The start of the body, enough for its first line. */
    private String headText() {
        return new String(body, 0, Math.min(bodyKept, FIRST_LINE_SCAN), StandardCharsets.UTF_8);
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
        String none = noResponse();
        if (none != null) {
            return none;
        }
        StringBuilder b = new StringBuilder();
        b.append("status ").append(status).append(", ").append(events.size())
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
            case BOUND -> "cut at the capture bound of " + cutAt + " after " + endAtMs + " ms";
            case NOT_HTTP -> "not HTTP, closed by the reader after " + endAtMs + " ms";
        };
    }

    private String detailSuffix() {
        return endDetail.isEmpty() ? "" : " (" + endDetail + ")";
    }

    /** The events, the first {@value #DESCRIBED_EVENTS} of them spelled out. */
    static String describe(List<ExpectedEvent> events) {
        String shown = events.stream().limit(DESCRIBED_EVENTS).map(ExpectedEvent::toString).collect(Collectors.joining(", "));
        int more = events.size() - DESCRIBED_EVENTS;
        return "[" + shown + (more > 0 ? ", ... " + more + " more" : "") + "]";
    }
}
