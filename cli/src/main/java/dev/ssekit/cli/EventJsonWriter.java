package dev.ssekit.cli;

import com.fasterxml.jackson.core.JsonEncoding;
import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonFactoryBuilder;
import com.fasterxml.jackson.core.JsonGenerator;
import com.fasterxml.jackson.core.SerializableString;
import com.fasterxml.jackson.core.StreamWriteFeature;
import com.fasterxml.jackson.core.io.CharacterEscapes;
import com.fasterxml.jackson.core.io.SerializedString;
import com.fasterxml.jackson.core.json.JsonWriteFeature;
import dev.ssekit.protocol.EventStreamListener;
import dev.ssekit.protocol.ParsedEvent;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.util.Map;

/**
 * Writes what a parser reports as JSON lines, UTF-8: {@code {"type":…,"data":…,"lastEventId":…}} per event and
 * {@code {"retry":N}} per valid retry field, and {@link #onRecord} for other lines (listen's opens and errors). Comments are
 * not reported.
 */
final class EventJsonWriter implements EventStreamListener {

    private static final JsonFactory JSON = new JsonFactoryBuilder()
            .disable(StreamWriteFeature.AUTO_CLOSE_TARGET)
            .rootValueSeparator((String) null)
            // otherwise characters outside the BMP are escaped as surrogate pairs instead of written as UTF-8
            .enable(JsonWriteFeature.COMBINE_UNICODE_SURROGATES_IN_UTF8)
            .build();

    private final JsonGenerator gen;

    EventJsonWriter(OutputStream out) throws IOException {
        gen = JSON.createGenerator(out, JsonEncoding.UTF8);
        gen.setCharacterEscapes(ReadableEscapes.INSTANCE);
    }

    @Override
    public void onEvent(ParsedEvent e) {
        try {
            gen.writeStartObject();
            gen.writeStringField("type", e.type());
            gen.writeStringField("data", e.data());
            gen.writeStringField("lastEventId", e.lastEventId());
            gen.writeEndObject();
            gen.writeRaw('\n');
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    @Override
    public void onRetry(long millis) {
        try {
            gen.writeStartObject();
            gen.writeNumberField("retry", millis);
            gen.writeEndObject();
            gen.writeRaw('\n');
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** One line of other facts (a listen's open or error): strings, numbers and booleans, in the map's order. */
    void onRecord(Map<String, Object> fields) {
        try {
            gen.writeStartObject();
            for (Map.Entry<String, Object> f : fields.entrySet()) {
                Object v = f.getValue();
                if (v instanceof Number n) {
                    gen.writeNumberField(f.getKey(), n.longValue());
                } else if (v instanceof Boolean b) {
                    gen.writeBooleanField(f.getKey(), b);
                } else {
                    gen.writeStringField(f.getKey(), String.valueOf(v));
                }
            }
            gen.writeEndObject();
            gen.writeRaw('\n');
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /** Pushes everything written so far to the underlying stream and flushes it. */
    void flush() {
        try {
            gen.flush();
        } catch (IOException x) {
            throw new UncheckedIOException(x);
        }
    }

    /**
     * Non-ASCII text stays readable; control characters (C0, DEL, C1) and the line separators U+2028/U+2029 are
     * escaped, so every record is one visible line whatever the tool reading it.
     */
    static final class ReadableEscapes extends CharacterEscapes {

        static final ReadableEscapes INSTANCE = new ReadableEscapes();
        private static final long serialVersionUID = 1L;

        private final int[] ascii;

        private ReadableEscapes() {
            ascii = standardAsciiEscapesForJSON();
            ascii[0x7f] = ESCAPE_STANDARD;
        }

        @Override
        public int[] getEscapeCodesForAscii() {
            return ascii;
        }

        @Override
        public SerializableString getEscapeSequence(int ch) {
            if ((ch >= 0x80 && ch <= 0x9f) || ch == 0x2028 || ch == 0x2029) {
                return new SerializedString(String.format("\\u%04X", ch));
            }
            return null;
        }
    }
}
