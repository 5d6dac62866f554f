/**
 * The event-stream parser, the safe encoder and the EventSource processing model; JDK only. Only
 * {@code dev.ssekit.protocol} is exported: {@code dev.ssekit.protocol.internal} is how it works, not an API.
 */
module dev.ssekit.protocol {
    exports dev.ssekit.protocol;
}
