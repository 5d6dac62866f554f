package dev.ssekit.server;

import java.util.concurrent.CompletionStage;

/**
 * Where the broadcast feed ({@code /api/feed}) keeps its events when several servers share it: an ordered, trimmed
 * log outside the server (a Redis stream), which gives every event its id. Each server appends what is published to
 * it and reads every event back in order, from any server, into its own feed: the one log of encoded events its
 * subscribers read, so an event is encoded once per server. Without a store the feed lives in the server's memory.
 *
 * <p>Ids are decimal, from 1, and consecutive: the next event is the newest plus one. A store that cannot give an
 * event it should (trimmed before this server read it, or lost by the store) says so with {@link Sink#lost}, never by
 * skipping it silently.
 */
public interface FeedStore extends AutoCloseable {

    /** Makes the store a server's feed uses; {@code replayCapacity} is how many events it should keep. */
    @FunctionalInterface
    interface Factory {
        FeedStore open(int replayCapacity);
    }

    /** The server's side: what the store reads goes here, in order, from the store's own thread. */
    interface Sink {

        /** The newest id this server has, 0 before the first. */
        long latest();

        /**
         * The next event, with the id the store gave it. An id at or below {@link #latest()} is ignored; one past the
         * next means events are missing, and the feed treats it as {@link #lost} of those.
         */
        void deliver(long id, String data);

        /**
         * Subscribers may have missed events: every one is told why ({@code feed cut: reason}) and its stream ends, so
         * that it resumes with its Last-Event-ID. With {@code upTo} past {@link #latest()}, the events up to it can no
         * longer be read: the feed goes on after {@code upTo}, and its replay says they are no longer kept. With
         * {@code upTo} at or below it (this server cannot read the store for now, or the store lost what came after),
         * the feed keeps what it has, and the resume replays it.
         */
        void lost(long upTo, String reason);
    }

    /** Starts reading: first the newest events the store keeps (up to the replay capacity), then each new one. */
    void start(Sink sink);

    /**
     * Appends an event; completes with its id, or exceptionally with a {@link FeedUnavailableException} saying why,
     * within a bounded time.
     */
    CompletionStage<Long> append(String data);

    /** The newest id the store has given (0 when none), or a {@link FeedUnavailableException}, within a bounded time. */
    CompletionStage<Long> newest();

    /** What this is, for a log line: the store and where it is. */
    String describe();

    /** Stops reading and lets go of the store; idempotent. */
    @Override
    void close();
}
