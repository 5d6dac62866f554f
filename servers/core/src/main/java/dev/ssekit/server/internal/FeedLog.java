package dev.ssekit.server.internal;

import dev.ssekit.protocol.EventStreamEncoder;
import dev.ssekit.protocol.OutgoingEvent;
import java.nio.ByteBuffer;

/**
 * The feed's one shared log: every event encoded once and appended to byte segments, the newest {@code capacity}
 * kept by id. It is both the replay ring (API-020) and what every live subscriber reads: a subscriber is a cursor, an
 * id, and reads "what lies after my cursor" with {@link #entry(long)}, whether it resumes from an old id or follows the
 * head.
 *
 * <p>Replay keeps the newest {@code capacity} events ({@link #oldest()}). Live readers need more when events are small:
 * a subscriber may fall {@code backlogBytes} behind before it counts as slow (API-024), so the index also keeps every
 * event that ends within {@code backlogBytes} of the head, growing (doubling, up to {@value #MAX_INDEX} entries) when
 * the slot about to be reused still holds one. Segments are dropped with the last entry that points into them.
 *
 * <p>One writer at a time (the hub appends under its lock), any number of readers with no lock: an entry is immutable
 * and carries its id, the slot (and a grown index) is written before {@link #latest()} moves past it (a volatile
 * write), so a reader that finds the id it asked for has the whole entry, and one that finds another id knows the log
 * has moved on.
 */
final class FeedLog {

    /** Size of a log segment; an event larger than this gets a segment of its own. */
    static final int SEGMENT_BYTES = 64 * 1024;

    /** The most entries the index grows to (8 MiB of references). */
    static final int MAX_INDEX = 1 << 20;

    private final int capacity;
    private final long keepBytes;
    private long first = 1; // the id this log started at: 1, or past the last id of a shared feed it joined late
    private volatile Entry[] ring;
    private volatile long latest; // id of the newest event, 0 when none; written after its slot
    private volatile long totalBytes; // bytes of every event appended so far, the newest included
    private ByteBuffer segment; // read-only view of the segment new events are appended to; writer only
    private byte[] segmentBytes;
    private int segmentFill;

    /** One encoded event: {@code length} bytes at {@code offset} of a shared segment, never modified. */
    static final class Entry {
        final long id;
        /** Read-only, shared by every entry of the segment; readers take a duplicate. */
        final ByteBuffer segment;
        final int offset;
        final int length;
        /** Bytes of all the events before this one: the log position where it starts. */
        final long start;

        Entry(long id, ByteBuffer segment, int offset, int length, long start) {
            this.id = id;
            this.segment = segment;
            this.offset = offset;
            this.length = length;
            this.start = start;
        }

        long end() {
            return start + length;
        }
    }

    FeedLog(int capacity, long keepBytes) {
        this.capacity = capacity;
        this.keepBytes = keepBytes;
        ring = new Entry[capacity];
    }

    /**
     * Starts an empty log after {@code id}: its first event will be {@code id + 1}, and what came before is not kept
     * (a node joining a shared feed, or one that lost events). Before any append only.
     */
    void restartAfter(long id) {
        if (latest != 0 || totalBytes != 0) {
            throw new IllegalStateException("the log has events");
        }
        first = id + 1;
        latest = id; // publishes first to readers
    }

    /** Encodes {@code data} as the next event ({@code id: latest + 1}) and appends it. Callers serialise appends. */
    Entry append(String data) {
        long id = latest + 1;
        byte[] bytes = EventStreamEncoder.encode(new OutgoingEvent(null, null, Long.toString(id), null, data));
        if (segmentBytes == null || segmentBytes.length - segmentFill < bytes.length) {
            segmentBytes = new byte[Math.max(SEGMENT_BYTES, bytes.length)];
            segment = ByteBuffer.wrap(segmentBytes).asReadOnlyBuffer();
            segmentFill = 0;
        }
        System.arraycopy(bytes, 0, segmentBytes, segmentFill, bytes.length);
        Entry e = new Entry(id, segment, segmentFill, bytes.length, totalBytes);
        segmentFill += bytes.length;
        Entry[] r = ring;
        Entry old = r[slot(id, r.length)];
        if (old != null && old.end() > e.end() - keepBytes && r.length < MAX_INDEX) {
            r = grow(r);
        }
        r[slot(id, r.length)] = e;
        totalBytes = e.end();
        latest = id; // publishes the slot
        return e;
    }

    /** The id of the newest event, 0 before the first. */
    long latest() {
        return latest;
    }

    /** Bytes of every event appended so far: the log position of the head. */
    long totalBytes() {
        return totalBytes;
    }

    /** The id of the oldest event kept; {@code latest + 1} when none is. */
    long oldest() {
        return oldest(latest);
    }

    private long oldest(long newest) {
        return Math.max(first, newest - capacity + 1);
    }

    /**
     * The event with this id, or null when it is not kept (any more) or not published yet. Live readers may find events
     * older than {@link #oldest()}: the index keeps what lies within the backlog bound of the head.
     */
    Entry entry(long id) {
        if (id < first || id > latest) { // latest first: a grown index is published before the ids that need it
            return null;
        }
        Entry[] r = ring;
        Entry e = r[slot(id, r.length)];
        return e != null && e.id == id ? e : null;
    }

    /** Twice the slots, every entry at its new place; published by the volatile write of the field. */
    private Entry[] grow(Entry[] r) {
        Entry[] bigger = new Entry[Math.min(MAX_INDEX, r.length * 2)];
        for (Entry x : r) {
            if (x != null) {
                bigger[slot(x.id, bigger.length)] = x;
            }
        }
        ring = bigger;
        return bigger;
    }

    /** Where the event {@code id} ends in the log; 0 for the id the log started after; -1 when it is not kept. */
    long endOf(long id) {
        if (id == first - 1) {
            return 0; // where the log's first event starts, whether or not it came yet
        }
        Entry e = entry(id);
        if (e != null) {
            return e.end();
        }
        Entry next = entry(id + 1); // the id just before the ring's oldest: where the oldest starts
        return next != null ? next.start : -1;
    }

    private static int slot(long id, int length) {
        return (int) ((id - 1) % length);
    }
}
