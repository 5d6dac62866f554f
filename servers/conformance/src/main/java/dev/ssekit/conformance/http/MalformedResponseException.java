package dev.ssekit.conformance.http;

/** The bytes of a connection are not a well-framed HTTP/1.x response; the message says what is wrong. */
public final class MalformedResponseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    /** What is wrong. */
    public enum Kind {
        /** The bytes where a response should begin cannot begin one: they do not start with {@code HTTP/}. */
        NOT_HTTP,
        /** A head whose first line is not a status line. */
        STATUS_LINE,
        /** Anything else: a header line, a Content-Length, chunked coding, a size bound, bytes after the end. */
        FRAMING
    }

    private final Kind kind;
    private final long offset;

    public MalformedResponseException(Kind kind, String message, long offset) {
        super(message);
        this.kind = kind;
        this.offset = offset;
    }

    public Kind kind() {
        return kind;
    }

    /**
     * Where the problem lies in the connection's bytes: the start of the broken head, or (in a body) the start of the
     * bytes being decoded when it was found.
     */
    public long offset() {
        return offset;
    }
}
