package dev.ssekit.protocol;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import net.jqwik.api.Arbitraries;
import net.jqwik.api.Arbitrary;
import net.jqwik.api.Combinators;
import net.jqwik.api.ForAll;
import net.jqwik.api.Label;
import net.jqwik.api.Property;
import net.jqwik.api.Provide;
import net.jqwik.api.Tuple;

/** Encode, then parse: every valid event comes back as a browser would see it. */
class RoundTripPropertiesTest {

    /** Code points that matter to the format, plus a spread of others; never a lone surrogate. */
    private static final Arbitrary<Integer> CODE_POINT = Arbitraries.frequencyOf(
            Tuple.of(6, Arbitraries.of((int) 'a', (int) 'z', (int) ' ', (int) ':', (int) '\r', (int) '\n', 0,
                    (int) '\t', 0xE9, 0x4E2D, 0x1F600, 0xFEFF, 0xFFFD, 0x7F, 0x80, 0x7FF, 0x800, 0xFFFF, 0x10FFFF)),
            Tuple.of(1, Arbitraries.integers().between(0, 0x10FFFF)
                    .filter(c -> c < Character.MIN_SURROGATE || c > Character.MAX_SURROGATE)));

    private static Arbitrary<String> text(boolean singleLine) {
        Arbitrary<Integer> cps = singleLine ? CODE_POINT.filter(c -> c != '\r' && c != '\n' && c != 0) : CODE_POINT;
        return cps.list().ofMaxSize(12).map(list -> {
            StringBuilder b = new StringBuilder();
            list.forEach(b::appendCodePoint);
            return b.toString();
        });
    }

    @Provide
    Arbitrary<List<OutgoingEvent>> events() {
        Arbitrary<OutgoingEvent> event = Combinators.combine(
                text(false).injectNull(0.7),
                Arbitraries.longs().between(0, Long.MAX_VALUE).injectNull(0.8),
                text(true).injectNull(0.5),
                text(true).injectNull(0.5),
                text(false)).as(OutgoingEvent::new);
        return event.list().ofMaxSize(8);
    }

    @Property(tries = 500)
    @Label("[PARSE-016,PARSE-031] encode then parse gives every event back: data LF-normalised, type and lastEventId as sent")
    void encodeThenParse(@ForAll("events") List<OutgoingEvent> sent, @ForAll("splits") List<Integer> splits) throws IOException {
        ByteArrayOutputStream wire = new ByteArrayOutputStream();
        List<ParsedEvent> expected = new ArrayList<>();
        List<String> expectedComments = new ArrayList<>();
        String lastId = "";
        long retry = -1;
        for (OutgoingEvent e : sent) {
            EventStreamEncoder.encode(e, wire);
            if (e.comment() != null) {
                expectedComments.addAll(List.of(normalise(e.comment()).split("\n", -1)));
            }
            if (e.retry() != null) {
                retry = e.retry();
            }
            if (e.id() != null) {
                lastId = e.id();
            }
            String type = e.event() == null || e.event().isEmpty() ? "message" : e.event();
            expected.add(new ParsedEvent(type, normalise(e.data()), lastId));
        }
        byte[] bytes = wire.toByteArray();
        Recorder r = Recorder.run(ParserLimits.defaults(), ChunkingPropertiesTest.split(bytes, splits));
        assertEquals(expected, r.events);
        assertEquals(expectedComments, r.comments);
        assertEquals(retry, r.reconnectionTime);
        assertEquals(lastId, r.lastEventId);
    }

    @Provide
    Arbitrary<List<Integer>> splits() {
        return ChunkingPropertiesTest.splitPoints();
    }

    private static String normalise(String s) {
        return s.replace("\r\n", "\n").replace('\r', '\n');
    }
}
