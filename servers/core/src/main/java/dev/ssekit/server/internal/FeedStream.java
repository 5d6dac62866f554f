package dev.ssekit.server.internal;

/** {@code GET /api/feed}: one subscriber of the {@link FeedHub}. */
public final class FeedStream extends EventStream {

    private final FeedHub hub;
    final long requestedAfter;
    long cursor; // guarded by this stream's monitor (the hub holds its lock too when it reads the ring): the id of the last event queued here
    volatile boolean live; // set under the hub's lock once caught up; never cleared

    FeedStream(StreamContext ctx, FeedHub hub, long after) {
        super(ctx);
        this.hub = hub;
        this.requestedAfter = after;
    }

    @Override
    protected int start() {
        return hub.join(this);
    }

    @Override
    protected int refill() {
        return live ? 0 : hub.catchUp(this);
    }

    void applyEffects(int fx) {
        apply(fx);
    }
}
