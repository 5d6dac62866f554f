package dev.ssekit.clientcheck;

import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * How a {@link Stage} answers one request on the wire: the script says what happens (a status and fields, body bytes,
 * a clean end or a cut), the wire says how its protocol frames it. HTTP/1.1 ({@link ScriptedServer}) adds the
 * framing fields and closes the connection; HTTP/2 ({@link H2ScriptedServer}) maps a clean end to END_STREAM and a cut
 * to RST_STREAM. An {@link IOException} means the client went away.
 */
interface Wire {

    /** Connection-specific fields, malformed in HTTP/2 (RFC 9113, 8.2.2). */
    Set<String> CONNECTION_SPECIFIC = Set.of("connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade");

    /** A header field of a response, in the case the script wrote it. */
    record Field(String name, String value) {
    }

    /** The protocol the request came over, as its request line names it ({@code HTTP/1.1}) or {@code h2}. */
    String protocol();

    /**
     * No response at all: the server ends the exchange before answering, gracefully ({@code reset} false: HTTP/1.1
     * closes the connection, HTTP/2 sends GOAWAY and closes it) or abortively (HTTP/1.1 a TCP reset, HTTP/2
     * RST_STREAM).
     */
    void drop(boolean reset) throws IOException;

    /**
     * The status and the script's fields; {@code body} says whether a body follows (data then {@link #end()}) or the
     * response is complete with its head.
     */
    void head(int status, List<Field> fields, boolean body) throws IOException;

    /** Body bytes, sent at once (not held back to fill a frame). */
    void data(byte[] bytes) throws IOException;

    /** The response ends cleanly (HTTP/1.1: the last chunk and a close; HTTP/2: END_STREAM). */
    void end() throws IOException;

    /** The response is cut in the middle (HTTP/1.1: a TCP reset; HTTP/2: RST_STREAM). */
    void reset() throws IOException;

    /** The script is done with the exchange: whatever is still open ends now (the stage's last word). */
    void finish();
}
