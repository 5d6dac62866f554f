package dev.ssekit.protocol;

import static org.junit.jupiter.api.DynamicTest.dynamicTest;

import dev.ssekit.spec.EncodeInput;
import dev.ssekit.spec.EncodeVector;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.Vectors;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

/** Every encode vector: the exact canonical bytes on every output path, and the round trip through our parser. */
class EncodeVectorsTest {

    @TestFactory
    @DisplayName("[PARSE-031] every encode vector gives its exact bytes, or its error, and round-trips")
    Stream<DynamicTest> encodeVectors() {
        return Vectors.encode().stream().map(v -> dynamicTest(VectorRun.ids(v.requirements()) + " " + v.id(),
                () -> {
                    if (v.expectsError()) {
                        refuses(v);
                    } else {
                        encodes(v);
                    }
                }));
    }

    private static void encodes(EncodeVector v) {
        long t0 = System.nanoTime();
        OutgoingEvent event;
        try {
            event = toEvent(v.event());
        } catch (InvalidEventException e) {
            VectorRun.check(v.id(), "construct", v.requirements(), wire(v.bytes()), "threw " + e, false, t0);
            return;
        }
        byte[] bytes = EventStreamEncoder.encode(event);
        String expected = wire(v.bytes());
        VectorRun.check(v.id(), "encode to byte[]", v.requirements(), expected, wire(bytes), Arrays.equals(bytes, v.bytes()), t0);

        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try {
            EventStreamEncoder.encode(event, out);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        VectorRun.check(v.id(), "encode to OutputStream", v.requirements(), expected, wire(out.toByteArray()),
                Arrays.equals(out.toByteArray(), v.bytes()), t0);

        ByteBuffer buf = ByteBuffer.allocate(EventStreamEncoder.encodedLength(event));
        EventStreamEncoder.encode(event, buf);
        byte[] viaBuffer = Arrays.copyOf(buf.array(), buf.position());
        VectorRun.check(v.id(), "encode to ByteBuffer", v.requirements(), expected, wire(viaBuffer),
                !buf.hasRemaining() && Arrays.equals(viaBuffer, v.bytes()), t0);

        VectorRun.Result r = VectorRun.parse(List.of(bytes));
        VectorRun.check(v.id(), "round trip through the parser", v.requirements(),
                VectorRun.render(v.parsedEvents(), v.parsedRetry()), r.render(),
                VectorRun.matches(r, v.parsedEvents(), v.parsedRetry()), t0);
    }

    private static void refuses(EncodeVector v) {
        long t0 = System.nanoTime();
        String expected = "InvalidEventException field=" + v.errorField() + " reason=" + v.errorReason();
        String actual;
        boolean ok;
        try {
            OutgoingEvent e = toEvent(v.event());
            actual = "accepted, encoded as " + wire(EventStreamEncoder.encode(e));
            ok = false;
        } catch (InvalidEventException e) {
            actual = "InvalidEventException field=" + e.field() + " reason=" + e.reason() + " (" + Escapes.escape(e.getMessage()) + ")";
            ok = v.errorField().equals(e.field()) && v.errorReason().equals(e.reason())
                    && e.getMessage() != null && e.getMessage().contains(e.field());
        }
        VectorRun.check(v.id(), "refuse", v.requirements(), expected, actual, ok, t0);
    }

    static OutgoingEvent toEvent(EncodeInput in) {
        return new OutgoingEvent(in.comment(), in.retry(), in.id(), in.event(), in.data());
    }

    private static String wire(byte[] b) {
        return Escapes.quote(new String(b, StandardCharsets.UTF_8));
    }
}
