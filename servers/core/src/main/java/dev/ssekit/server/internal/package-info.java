/**
 * The core's moving parts: documents and their pre-encoded events, the per-stream backlog and lifecycle, the
 * broadcast hub and its replay ring, the stream registry with its one shared heartbeat timer, request parsing.
 * Not an API: adapters use {@link dev.ssekit.server.SseCore} and the port interfaces only.
 */
package dev.ssekit.server.internal;
