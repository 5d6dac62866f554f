package dev.ssekit.conformance.http;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * The responses in bytes already captured from one connection, decoded with a {@link ResponseDecoder}: for a caller
 * that reads a whole exchange first and looks at it afterwards (a test, a one-shot request). Decoding stops at the
 * first malformed byte; what came before it is kept.
 */
public final class ResponseCapture {

    /** One final response, the interim responses before it, its body with the framing undone, and whether it ended. */
    public record Response(List<ResponseHead> interim, ResponseHead head, byte[] body, boolean complete) {
        public int status() {
            return head.status();
        }

        /** The body as UTF-8 text. */
        public String text() {
            return new String(body, StandardCharsets.UTF_8);
        }
    }

    private final List<ResponseHead> heads = new ArrayList<>();
    private final List<Response> responses = new ArrayList<>();
    private MalformedResponseException failure;

    private ResponseCapture() {
    }

    /**
     * Decodes {@code wire}. {@code closed}: the connection ended after these bytes, which ends a body delimited by the
     * close. {@code methods}: the methods of the requests sent, in order (the answer to {@code HEAD} has no body); a
     * response beyond them is taken as an answer to {@code GET}.
     */
    public static ResponseCapture decode(byte[] wire, boolean closed, List<String> methods) {
        ResponseCapture c = new ResponseCapture();
        List<ResponseHead> interim = new ArrayList<>();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        ResponseHead[] current = new ResponseHead[1];
        boolean[] complete = new boolean[1];
        ResponseDecoder d = new ResponseDecoder(new ResponseDecoder.Listener() {
            @Override
            public void onInterim(ResponseHead head) {
                c.heads.add(head);
                interim.add(head);
            }

            @Override
            public void onHead(ResponseHead head) {
                c.heads.add(head);
                current[0] = head;
            }

            @Override
            public void onBody(byte[] b, int off, int len) {
                body.write(b, off, len);
            }

            @Override
            public void onComplete(ResponseHead head) {
                complete[0] = true;
            }
        });
        methods.forEach(d::expect);
        try {
            int off = 0;
            while (off < wire.length) {
                off += d.feed(wire, off, wire.length - off);
                c.take(interim, current, body, complete);
            }
            if (closed) {
                d.endOfInput();
            }
        } catch (MalformedResponseException e) {
            c.failure = e;
        }
        c.take(interim, current, body, complete);
        if (current[0] != null) {
            c.responses.add(new Response(List.copyOf(interim), current[0], body.toByteArray(), complete[0]));
        }
        return c;
    }

    /** Moves a completed response into the list. */
    private void take(List<ResponseHead> interim, ResponseHead[] current, ByteArrayOutputStream body, boolean[] complete) {
        if (current[0] != null && complete[0]) {
            responses.add(new Response(List.copyOf(interim), current[0], body.toByteArray(), true));
            interim.clear();
            current[0] = null;
            body.reset();
            complete[0] = false;
        }
    }

    /** The final responses, in order; the last may be incomplete. */
    public List<Response> responses() {
        return responses;
    }

    /** Every head, interim ones included, in the order they came. */
    public List<ResponseHead> heads() {
        return heads;
    }

    /** The status of every head, interim ones included, in order. */
    public List<Integer> statuses() {
        return heads.stream().map(ResponseHead::status).toList();
    }

    /** Where decoding stopped on bytes that are not a well-framed response; null when it did not. */
    public MalformedResponseException failure() {
        return failure;
    }
}
