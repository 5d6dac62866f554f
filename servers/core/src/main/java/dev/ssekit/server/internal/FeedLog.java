package dev.ssekit.server.internal;

import dev.ssekit.protocol.EventStreamEncoder;
import dev.ssekit.protocol.OutgoingEvent;
import java.nio.ByteBuffer;

/**
 * The feed's events, each encoded once and appended to a log of byte segments; the newest {@code capacity} are kept
 * by id for replay (API-020). Ids are consecutive from 1. Not thread-safe: the hub guards it.
 *
 * <p>What a subscriber reads is always "what lies after my cursor": {@link #oldest()}, {@link #latest()} and
 * {@link #get(long)} are all it needs, whether it catches up from the ring or takes a fan-out pass.
 */
final class FeedLog {

    /** Size of a log segment; an event larger than this gets a segment of its own. */
    static final int SEGMENT_BYTES = 64 * 1024;

    private final Encoded[] ring;
    private long latest; // id of the newest event, 0 when none
    private byte[] segment; // the segment new events are appended to
    private int segmentFill;

    /** One encoded event: {@code length} bytes at {@code offset} of a shared log segment, never modified. */
    static final class Encoded {
        final byte[] segment;
        final int offset;
        final int length;
        private final ByteBuffer shared;

        Encoded(byte[] segment, int offset, int length) {
            this.segment = segment;
            this.offset = offset;
            this.length = length;
            this.shared = ByteBuffer.wrap(segment, offset, length).slice().asReadOnlyBuffer();
        }

        /** A fresh read-only view of the bytes, for one outbox. */
        ByteBuffer view() {
            return shared.duplicate();
        }
    }

    FeedLog(int capacity) {
        ring = new Encoded[capacity];
    }

    /** Encodes {@code data} as the next event ({@code id: latest + 1}) and appends it; returns it. */
    Encoded append(String data) {
        long id = latest + 1;
        byte[] bytes = EventStreamEncoder.encode(new OutgoingEvent(null, null, Long.toString(id), null, data));
        if (segment == null || segment.length - segmentFill < bytes.length) {
            segment = new byte[Math.max(SEGMENT_BYTES, bytes.length)];
            segmentFill = 0;
        }
        System.arraycopy(bytes, 0, segment, segmentFill, bytes.length);
        Encoded e = new Encoded(segment, segmentFill, bytes.length);
        segmentFill += bytes.length;
        ring[(int) ((id - 1) % ring.length)] = e;
        latest = id;
        return e;
    }

    long latest() {
        return latest;
    }

    /** The id of the oldest event kept; latest + 1 when none is. */
    long oldest() {
        return Math.max(1, latest - ring.length + 1);
    }

    /** The shared encoded event with this id; the id must be within oldest..latest. */
    Encoded get(long id) {
        if (id < oldest() || id > latest) {
            throw new IllegalArgumentException("id " + id + " is not kept (" + oldest() + ".." + latest + ")");
        }
        return ring[(int) ((id - 1) % ring.length)];
    }
}
