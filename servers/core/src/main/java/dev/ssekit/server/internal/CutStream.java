package dev.ssekit.server.internal;

/**
 * {@code GET /api/feed} that cannot be served now (its {@code Last-Event-ID} is newer than this server has read, and
 * it did not get there within the deadline, or the feed's store cannot be asked): the retry with that id, a
 * {@code feed cut:} comment saying why, and the end. An EventSource reconnects with the same {@code Last-Event-ID},
 * through a balancer perhaps to another server, where a 503 would have failed it for good (API-040).
 */
final class CutStream extends EventStream {

    private final long after;
    private final String reason;

    CutStream(StreamContext ctx, long after, String reason) {
        super(ctx);
        this.after = after;
        this.reason = reason;
    }

    @Override
    protected int start() {
        synchronized (this) {
            if (!beginLocked()) {
                return 0;
            }
            long now = ctx.now();
            offerLocked(ctx.retryWithId(after), 0, now);
            offerLocked(StreamContext.cutComment(reason), 0, now);
            return finishLocked(END) | wakeLocked();
        }
    }
}
