package dev.ssekit.server;

/**
 * What {@code GET /api/stats} reports (API-017). After every client has gone, {@code activeStreams} and
 * {@code scheduledTasks} are 0: each stream's producer stops and its timer is cancelled at once (API-016).
 *
 * @param activeStreams open event streams, {@code /api/sse} and {@code /api/feed} together
 * @param scheduledTasks the scheduler's pending tasks: one per timed document stream, plus the one shared heartbeat
 *     timer while any stream is open
 * @param eventsSent events queued for clients (pieces, done events, broadcast events; not retry or heartbeats)
 * @param slowClientsDropped streams aborted because their backlog was full (API-024)
 * @param feedSubscribers open {@code /api/feed} streams
 * @param eventsDroppedForSlowClients events that did not fit a full backlog and were therefore never queued
 * @param feedPublished events published to the feed: also the id of the newest one
 * @param requestsTimedOut connections closed by the request deadline (API-030) before a whole request arrived
 */
public record Stats(int activeStreams, int scheduledTasks, long eventsSent, long slowClientsDropped, int feedSubscribers,
        long eventsDroppedForSlowClients, long feedPublished, long requestsTimedOut) {

    /** One JSON object with the component names as members, in declaration order. */
    public String toJson() {
        return "{\"activeStreams\":" + activeStreams
                + ",\"scheduledTasks\":" + scheduledTasks
                + ",\"eventsSent\":" + eventsSent
                + ",\"slowClientsDropped\":" + slowClientsDropped
                + ",\"feedSubscribers\":" + feedSubscribers
                + ",\"eventsDroppedForSlowClients\":" + eventsDroppedForSlowClients
                + ",\"feedPublished\":" + feedPublished
                + ",\"requestsTimedOut\":" + requestsTimedOut
                + "}";
    }
}
