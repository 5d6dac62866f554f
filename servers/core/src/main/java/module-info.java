/**
 * The server-neutral core of the reference servers: the port an adapter implements ({@code Transport}, {@code Outbox},
 * {@code SseStream}), the core it drives ({@code SseCore}), and how servers are found ({@code SseServerProvider}). Only
 * {@code dev.ssekit.server} is exported: the routes, streams, feed and registry in {@code dev.ssekit.server.internal}
 * are how it works, not an API.
 */
module dev.ssekit.server {
    requires dev.ssekit.protocol;

    exports dev.ssekit.server;

    uses dev.ssekit.server.SseServerProvider;
}
