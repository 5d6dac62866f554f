package dev.ssekit.server.internal;

import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;

/**
 * What one fan-out pass offers every live subscriber: the events published since the previous pass (ids
 * {@code from..to}), and the same bytes as runs, one read-only view per stretch of consecutive events in one log
 * segment, so that a subscriber that takes them all pays one offer per run, not per event. Runs are made only when
 * none is larger than a backlog may take, so the bound holds as it does per event. Shared, never modified.
 */
final class FeedPass {

    final long from;
    final long to;
    final FeedLog.Encoded[] events;
    /** The runs, or null when one would be larger than the backlog bound. */
    final ByteBuffer[] runs;
    /** How many events each run holds. */
    final int[] runEvents;

    FeedPass(long to, FeedLog.Encoded[] events, long backlogBytes) {
        this.from = to - events.length + 1;
        this.to = to;
        this.events = events;
        List<ByteBuffer> r = new ArrayList<>(2);
        List<Integer> counts = new ArrayList<>(2);
        for (int i = 0; i < events.length; ) {
            FeedLog.Encoded first = events[i];
            int end = first.offset + first.length;
            int j = i + 1;
            while (j < events.length && events[j].segment == first.segment && events[j].offset == end) {
                end += events[j].length;
                j++;
            }
            if (j - i > 1 && end - first.offset > backlogBytes) {
                runs = null;
                runEvents = null;
                return;
            }
            r.add(ByteBuffer.wrap(first.segment, first.offset, end - first.offset).slice().asReadOnlyBuffer());
            counts.add(j - i);
            i = j;
        }
        runs = r.toArray(new ByteBuffer[0]);
        runEvents = counts.stream().mapToInt(Integer::intValue).toArray();
    }
}
