package dev.ssekit.spec;

import java.math.BigInteger;
import java.util.List;

/**
 * An encode vector. Either {@code bytes} (the canonical wire form, with the events a parser reads back from it)
 * or an error naming the field and the reason the event is refused.
 */
public record EncodeVector(String id, String group, String description, List<String> requirements, EncodeInput event,
        byte[] bytes, String errorField, String errorReason, List<ExpectedEvent> parsedEvents, BigInteger parsedRetry) {

    public boolean expectsError() {
        return bytes == null;
    }

    @Override
    public String toString() {
        return id;
    }
}
