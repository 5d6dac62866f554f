package dev.ssekit.bench.parsers;

/** An event as a peer parser reported it, after the adapter's browser emulation. Fields may be null. */
public record PeerEvent(String type, String data, String lastEventId) {
}
