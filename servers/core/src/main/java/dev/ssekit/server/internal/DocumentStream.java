package dev.ssekit.server.internal;

import dev.ssekit.server.Scheduler;
import java.nio.ByteBuffer;

/**
 * {@code GET /api/sse}: a document, one piece per event, then {@code done} (spec/contract.md).
 *
 * <p>With an interval the first piece goes out at once and then one per interval, from one periodic task that is
 * cancelled when the stream finishes. With {@code interval=0} no task exists: the stream queues one batch (a
 * single slice of the shared encoded document, at most {@code min(32 KiB, backlogBytes / 2)}) and queues the next
 * when the adapter reports the previous one written, so it goes as fast as the client reads and never faster.
 */
public final class DocumentStream extends EventStream {

    private final EncodedDocument doc;
    private final long intervalMs;
    private final int stopAt; // exclusive index of the last piece this connection sends
    private final boolean cut; // dropAfter ends the connection at stopAt, without done
    private int next; // guarded by this: 0-based index of the next piece
    private Scheduler.Cancellable ticker; // guarded by this

    /**
     * @param after the Last-Event-ID, 0 to N (the caller answers 204 above N)
     * @param dropAfter pieces to send before the connection is cut, or 0 for no cut
     */
    public DocumentStream(StreamContext ctx, EncodedDocument doc, long intervalMs, int after, int dropAfter) {
        super(ctx);
        if (after < 0 || after > doc.size()) {
            throw new IllegalArgumentException("after must be 0.." + doc.size() + ", got " + after);
        }
        this.doc = doc;
        this.intervalMs = intervalMs;
        this.next = after;
        if (dropAfter > 0 && (long) after + dropAfter <= doc.size()) {
            this.stopAt = after + dropAfter;
            this.cut = true;
        } else {
            this.stopAt = doc.size();
            this.cut = false;
        }
    }

    @Override
    protected int start() {
        synchronized (this) {
            if (!beginLocked()) {
                return 0;
            }
            long now = ctx.now();
            if (!offerLocked(ctx.retry(), 0, now)) {
                return dropSlowLocked(0);
            }
            int fx = intervalMs == 0
                    ? produceLocked(Integer.MAX_VALUE, ctx.batchBytes, now)
                    : produceLocked(1, Integer.MAX_VALUE, now); // API-004: the first piece at once
            if (isOpenLocked() && intervalMs > 0) {
                ticker = ctx.scheduler.scheduleAtFixedRate(this::tick, intervalMs);
            }
            return fx | wakeLocked();
        }
    }

    private void tick() {
        int fx;
        synchronized (this) {
            if (!isOpenLocked()) {
                return;
            }
            fx = produceLocked(1, Integer.MAX_VALUE, ctx.now());
            fx |= wakeLocked();
        }
        apply(fx);
    }

    @Override
    protected int refill() {
        if (intervalMs != 0) {
            return 0;
        }
        synchronized (this) {
            if (!isOpenLocked() || queuedLocked() >= ctx.batchBytes) {
                return 0;
            }
            return produceLocked(Integer.MAX_VALUE, ctx.batchBytes, ctx.now()) | wakeLocked();
        }
    }

    private int produceLocked(int maxPieces, int maxBytes, long now) {
        if (next < stopAt) {
            int end = doc.batchEnd(next, (int) Math.min(stopAt, (long) next + maxPieces), maxBytes);
            ByteBuffer run = doc.slice(next, end);
            if (!offerLocked(run, end - next, now)) {
                return dropSlowLocked(end - next);
            }
            next = end;
            if (next < stopAt) {
                return 0;
            }
        }
        if (cut) {
            return abortAfterFlushLocked(); // API-018: no done
        }
        if (!offerLocked(doc.done(), 1, now)) { // API-013
            return dropSlowLocked(1);
        }
        return finishLocked(END);
    }

    @Override
    protected void stopProducingLocked() {
        if (ticker != null) {
            ticker.cancel();
            ticker = null;
        }
    }
}
