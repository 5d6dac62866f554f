package dev.ssekit.server.internal;

import dev.ssekit.protocol.EventStreamEncoder;
import dev.ssekit.protocol.OutgoingEvent;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * A document's piece events for one event type, encoded once by {@link EventStreamEncoder} into a single read-only
 * buffer and shared by every stream of that document: a run of consecutive pieces is one slice, so a batch of many
 * events is one buffer in the outbox, written with the rest of one drain.
 */
public final class EncodedDocument {

    /** The type of the closing event (API-013). */
    public static final String DONE_TYPE = "done";

    private final Document document;
    private final String eventType;
    private final ByteBuffer pieces;
    private final int[] offsets;
    private final ByteBuffer done;

    private EncodedDocument(Document document, String eventType, ByteBuffer pieces, int[] offsets, ByteBuffer done) {
        this.document = document;
        this.eventType = eventType;
        this.pieces = pieces;
        this.offsets = offsets;
        this.done = done;
    }

    public static EncodedDocument encode(Document document, String eventType) {
        int n = document.pieces().size();
        OutgoingEvent[] events = new OutgoingEvent[n];
        int[] offsets = new int[n + 1];
        for (int i = 0; i < n; i++) {
            events[i] = new OutgoingEvent(null, null, Integer.toString(i + 1), eventType, document.pieces().get(i));
            offsets[i + 1] = Math.addExact(offsets[i], EventStreamEncoder.encodedLength(events[i]));
        }
        ByteBuffer all = ByteBuffer.allocate(offsets[n]);
        for (OutgoingEvent e : events) {
            EventStreamEncoder.encode(e, all);
        }
        all.flip();
        // Empty data is written as one `data:` line, so the done event dispatches (PARSE-023).
        OutgoingEvent doneEvent = new OutgoingEvent(null, null, Integer.toString(n + 1), DONE_TYPE, "");
        ByteBuffer done = ByteBuffer.wrap(EventStreamEncoder.encode(doneEvent)).asReadOnlyBuffer();
        return new EncodedDocument(document, eventType, all.asReadOnlyBuffer(), offsets, done);
    }

    public Document document() {
        return document;
    }

    public String eventType() {
        return eventType;
    }

    /** N, the number of pieces; the done event has id N+1. */
    public int size() {
        return offsets.length - 1;
    }

    /** Pieces {@code from} (0-based, inclusive) to {@code to} (exclusive) as one new read-only view. */
    public ByteBuffer slice(int from, int to) {
        return pieces.slice(offsets[from], offsets[to] - offsets[from]);
    }

    /** Encoded length of pieces {@code from} to {@code to}. */
    public int length(int from, int to) {
        return offsets[to] - offsets[from];
    }

    /**
     * The end of the longest run from {@code from} that stays within {@code maxBytes} and {@code maxTo}; at least one
     * piece, so a piece longer than {@code maxBytes} still goes out alone.
     */
    public int batchEnd(int from, int maxTo, int maxBytes) {
        long limit = (long) offsets[from] + maxBytes;
        int i = Arrays.binarySearch(offsets, from + 1, maxTo + 1, (int) Math.min(limit, Integer.MAX_VALUE));
        int end = i >= 0 ? i : -i - 2; // last offset <= limit
        return Math.max(from + 1, Math.min(end, maxTo));
    }

    /** A new read-only view of the done event. */
    public ByteBuffer done() {
        return done.duplicate();
    }
}
