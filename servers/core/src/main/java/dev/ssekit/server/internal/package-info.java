/**
 * How the core works, one concern per class: a {@link dev.ssekit.server.internal.Route} per path of the API (the demo
 * page, {@code /api/sse}, {@code /api/stats}, {@code /api/info}, {@code /api/feed}) and the docs site; CORS; the
 * publish token; the checks of a request head ({@link dev.ssekit.server.internal.Admission}); the answers and refusals
 * ({@link dev.ssekit.server.internal.Answers}); documents and their pre-encoded events; the per-stream backlog and
 * lifecycle ({@link dev.ssekit.server.internal.EventStream}); the broadcast hub, its log and its subscribers; the
 * stream registry with its one shared heartbeat timer. Not an API, and not exported by the module: adapters use
 * {@link dev.ssekit.server.SseCore} and the port interfaces only.
 */
package dev.ssekit.server.internal;
