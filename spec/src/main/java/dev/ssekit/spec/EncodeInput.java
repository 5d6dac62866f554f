package dev.ssekit.spec;

/** The event an encode vector asks to encode; every member may be null (absent). */
public record EncodeInput(String comment, Long retry, String id, String event, String data) {
}
