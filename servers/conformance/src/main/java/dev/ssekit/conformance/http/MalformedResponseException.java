package dev.ssekit.conformance.http;

/** The bytes of a connection are not a well-framed HTTP/1.x response; the message says what is wrong. */
public final class MalformedResponseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    public MalformedResponseException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /**
     * Where the problem lies in the connection's bytes: the start of the broken head, or (in a body) the start of the
     * bytes being decoded when it was found.
     */
    public long offset() {
        return offset;
    }
}
