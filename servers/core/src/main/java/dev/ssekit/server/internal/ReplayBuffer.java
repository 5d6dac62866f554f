package dev.ssekit.server.internal;

import java.nio.ByteBuffer;

/**
 * The last {@code capacity} broadcast events, by id (ids are consecutive from 1). Not thread-safe: the hub guards it.
 */
final class ReplayBuffer {

    private final Encoded[] ring;
    private long latest; // id of the newest event, 0 when none

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

    ReplayBuffer(int capacity) {
        ring = new Encoded[capacity];
    }

    void add(long id, Encoded encoded) {
        if (id != latest + 1) {
            throw new IllegalStateException("ids must be consecutive: " + latest + " then " + id);
        }
        ring[(int) ((id - 1) % ring.length)] = encoded;
        latest = id;
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
