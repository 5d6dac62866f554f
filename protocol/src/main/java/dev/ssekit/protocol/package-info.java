/**
 * The event-stream protocol of WHATWG HTML 9.2, JDK only: {@link dev.ssekit.protocol.EventStreamParser} (an
 * incremental push parser), {@link dev.ssekit.protocol.EventStreamEncoder} with
 * {@link dev.ssekit.protocol.OutgoingEvent} (an encoder that cannot emit an injected or malformed field), and
 * {@link dev.ssekit.protocol.EventSourceModel} with {@link dev.ssekit.protocol.CorsCheck} (the I/O-free client
 * processing model).
 *
 * <p>This package is the API. {@code dev.ssekit.protocol.internal} is not: its classes are public only for this
 * package's use and may change in any release.
 */
package dev.ssekit.protocol;
