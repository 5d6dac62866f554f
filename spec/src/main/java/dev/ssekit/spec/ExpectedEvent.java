package dev.ssekit.spec;

/** An event as a browser exposes it: {@code type}, {@code data}, {@code lastEventId}. */
public record ExpectedEvent(String type, String data, String lastEventId) {

    @Override
    public String toString() {
        return "{type=" + Escapes.quote(type) + ", data=" + Escapes.quote(data) + ", lastEventId="
                + Escapes.quote(lastEventId) + "}";
    }
}
