package dev.ssekit.conformance.http;

/** The bytes of a connection are not a well-framed HTTP/1.x response; the message says what is wrong. */
public final class MalformedResponseException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final long offset;

    public MalformedResponseException(String message, long offset) {
        super(message);
        this.offset = offset;
    }

    /** How many bytes of the connection the decoder had taken when it found the problem. */
    public long offset() {
        return offset;
    }
}
