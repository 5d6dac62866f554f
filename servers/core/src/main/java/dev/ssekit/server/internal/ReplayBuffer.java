package dev.ssekit.server.internal;

import java.nio.ByteBuffer;

/**
 * The last {@code capacity} broadcast events, by id (ids are consecutive from 1). Not thread-safe: the hub guards it.
 */
final class ReplayBuffer {

    private final ByteBuffer[] ring;
    private long latest; // id of the newest event, 0 when none

    ReplayBuffer(int capacity) {
        ring = new ByteBuffer[capacity];
    }

    void add(long id, ByteBuffer encoded) {
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
    ByteBuffer get(long id) {
        if (id < oldest() || id > latest) {
            throw new IllegalArgumentException("id " + id + " is not kept (" + oldest() + ".." + latest + ")");
        }
        return ring[(int) ((id - 1) % ring.length)];
    }
}
