package dev.ssekit.server;

import dev.ssekit.server.internal.BadRequest;

/**
 * What is wrong with a request head an adapter's HTTP parser could not take (HTTP-005, HTTP-009, API-035), for
 * {@link SseCore#malformed}: the adapter says what it found, the core chooses the status and the words, so both
 * reference servers answer the same problem alike. The limits are the core's ({@link SseCore#MAX_REQUEST_LINE},
 * {@link SseCore#MAX_HEADER_SECTION}, {@link SseCore#MAX_HEADER_LINES}); each adapter sets its parser to them.
 */
public final class MalformedHead {

    private final int status;
    private final String reason;

    private MalformedHead(int status, String reason) {
        this.status = status;
        this.reason = reason;
    }

    /** 414: the request line is longer than {@link SseCore#MAX_REQUEST_LINE}. */
    public static MalformedHead requestLineTooLong() {
        return new MalformedHead(414, "the request line is longer than " + SseCore.MAX_REQUEST_LINE + " bytes ("
                + SseCore.MAX_REQUEST_LINE / 1024 + " KiB)");
    }

    /** 431: the header section is larger than {@link SseCore#MAX_HEADER_SECTION}. */
    public static MalformedHead headerSectionTooLarge() {
        return new MalformedHead(431, "the header section is larger than " + SseCore.MAX_HEADER_SECTION + " bytes ("
                + SseCore.MAX_HEADER_SECTION / 1024 + " KiB)");
    }

    /** 431: more than {@link SseCore#MAX_HEADER_LINES} header lines. */
    public static MalformedHead tooManyHeaderLines() {
        return new MalformedHead(431, "the request has more than " + SseCore.MAX_HEADER_LINES + " header lines");
    }

    /** 505: a request line whose version is neither HTTP/1.1 nor HTTP/1.0, as sent. */
    public static MalformedHead unsupportedVersion(String version) {
        return new MalformedHead(505, "this server speaks HTTP/1.1 (and HTTP/1.0) on this port, not "
                + BadRequest.quote(String.valueOf(version)) + " (RFC 9110 15.6.6)");
    }

    /** 505: the HTTP/2 connection preface ({@code PRI * HTTP/2.0}). */
    public static MalformedHead http2Preface() {
        return new MalformedHead(505, "this is the HTTP/2 connection preface; this port speaks HTTP/1.1 (and HTTP/1.0)"
                + " only (RFC 9113 3.4)");
    }

    /** 400: the connection starts with a TLS handshake record. */
    public static MalformedHead tlsHandshake() {
        return new MalformedHead(400, "the connection starts with a TLS handshake; this port speaks plain HTTP/1.1"
                + " (use http://)");
    }

    /** 400: any other syntax error; {@code problem} says what the parser found, e.g. where and which byte. */
    public static MalformedHead syntax(String problem) {
        return new MalformedHead(400, "the request head is malformed: "
                + (problem == null || problem.isBlank() ? "it could not be parsed" : problem));
    }

    public int status() {
        return status;
    }

    /** The plain-text reason the answer carries. */
    public String reason() {
        return reason;
    }

    @Override
    public String toString() {
        return status + " " + reason;
    }
}
