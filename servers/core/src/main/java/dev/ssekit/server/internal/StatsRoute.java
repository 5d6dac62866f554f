package dev.ssekit.server.internal;

import dev.ssekit.server.Scheduler;
import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import dev.ssekit.server.Stats;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code GET /api/stats} (API-017): what the core's streams, timers, counters and feed add up to, as JSON. */
public final class StatsRoute implements Route {

    private final StreamRegistry registry;
    private final Scheduler scheduler;
    private final Counters counters;
    private final FeedHub feed;

    public StatsRoute(StreamRegistry registry, Scheduler scheduler, Counters counters, FeedHub feed) {
        this.registry = registry;
        this.scheduler = scheduler;
        this.counters = counters;
        this.feed = feed;
    }

    /** The figures now. */
    public Stats snapshot() {
        return new Stats(registry.size(), scheduler.pendingTasks(), counters.eventsSent.sum(),
                counters.slowClientsDropped.sum(), feed.subscribers(), counters.eventsDroppedForSlowClients.sum(),
                feed.latest(), counters.requestsTimedOut.sum());
    }

    @Override
    public String path() {
        return "/api/stats";
    }

    @Override
    public String allow() {
        return "GET, HEAD, OPTIONS";
    }

    @Override
    public SseResponse answer(SseRequest request, Map<String, List<String>> cors) {
        return Answers.full(200, Answers.headers(cors, "Content-Type", "application/json", "Cache-Control", "no-store"),
                snapshot().toJson().getBytes(StandardCharsets.UTF_8));
    }
}
