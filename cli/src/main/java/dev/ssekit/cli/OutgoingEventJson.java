package dev.ssekit.cli;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.JsonToken;
import com.fasterxml.jackson.core.StreamReadConstraints;
import com.fasterxml.jackson.core.StreamReadFeature;
import dev.ssekit.protocol.OutgoingEvent;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * Reads one JSON object {@code {"comment","retry","id","event","data"}} (every member optional, null same as
 * absent) into an {@link OutgoingEvent}. Anything else is refused with a message fit for the user: unknown or
 * repeated members, wrong types, malformed JSON. The event's own rules are {@link OutgoingEvent}'s to enforce.
 */
final class OutgoingEventJson {

    static final String MEMBERS = "comment, retry, id, event, data";

    private static final JsonFactory JSON = JsonFactory.builder()
            .enable(StreamReadFeature.STRICT_DUPLICATE_DETECTION)
            // a data member may be as large as the user likes; the default cap is 20 M chars
            .streamReadConstraints(StreamReadConstraints.builder().maxStringLength(Integer.MAX_VALUE).build())
            .build();

    private OutgoingEventJson() {
    }

    /**
     * @throws IllegalArgumentException with a one-line message when the line is not such an object; an
     *         {@code InvalidEventException} when the object describes an event that cannot be sent
     */
    static OutgoingEvent read(byte[] line) {
        try (JsonParser p = JSON.createParser(line)) {
            JsonToken t = p.nextToken();
            if (t != JsonToken.START_OBJECT) {
                throw new IllegalArgumentException("expected a JSON object with members " + MEMBERS + ", found " + describe(t));
            }
            String comment = null;
            Long retry = null;
            String id = null;
            String event = null;
            String data = null;
            while ((t = p.nextToken()) == JsonToken.FIELD_NAME) {
                String name = p.currentName();
                JsonToken value = p.nextToken();
                switch (name) {
                    case "comment" -> comment = text(p, name, value);
                    case "id" -> id = text(p, name, value);
                    case "event" -> event = text(p, name, value);
                    case "data" -> data = text(p, name, value);
                    case "retry" -> retry = retry(p, value);
                    default -> {
                        p.skipChildren();
                        throw new IllegalArgumentException("unknown member \"" + name + "\" (allowed: " + MEMBERS + ")");
                    }
                }
            }
            if (p.nextToken() != null) {
                throw new IllegalArgumentException("unexpected text after the JSON object");
            }
            return new OutgoingEvent(comment, retry, id, event, data);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException(malformed(e), e);
        } catch (IOException e) {
            throw new UncheckedIOException(e); // reading a byte array: not expected
        }
    }

    private static String text(JsonParser p, String name, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_STRING) {
            throw new IllegalArgumentException("\"" + name + "\" must be a string or null, found " + describe(value));
        }
        return p.getText();
    }

    private static Long retry(JsonParser p, JsonToken value) throws IOException {
        if (value == JsonToken.VALUE_NULL) {
            return null;
        }
        if (value != JsonToken.VALUE_NUMBER_INT) {
            throw new IllegalArgumentException("\"retry\" must be a whole number of milliseconds or null, found "
                    + describe(value));
        }
        if (p.getNumberType() == JsonParser.NumberType.BIG_INTEGER) {
            throw new IllegalArgumentException("\"retry\" is out of range: " + p.getText() + " (at most "
                    + Long.MAX_VALUE + ")");
        }
        return p.getLongValue();
    }

    private static String describe(JsonToken t) {
        if (t == null) {
            return "nothing";
        }
        return switch (t) {
            case START_OBJECT -> "an object";
            case START_ARRAY -> "an array";
            case VALUE_STRING -> "a string";
            case VALUE_NUMBER_INT -> "an integer";
            case VALUE_NUMBER_FLOAT -> "a number with a fraction or exponent";
            case VALUE_TRUE, VALUE_FALSE -> "a boolean";
            case VALUE_NULL -> "null";
            default -> t.asString() == null ? t.name() : t.asString();
        };
    }

    private static String malformed(JsonProcessingException e) {
        String why = String.valueOf(e.getOriginalMessage()).replaceAll("\\s+", " ").trim();
        JsonLocation at = e.getLocation();
        return "malformed JSON" + (at != null && at.getColumnNr() > 0 ? " at column " + at.getColumnNr() : "") + ": " + why;
    }
}
