package dev.ssekit.bench.parsers;

import dev.ssekit.protocol.EventStreamListener;
import dev.ssekit.protocol.EventStreamParser;
import java.util.List;

/** sse-kit's {@link EventStreamParser}: no emulation needed, it reports what a browser shows. */
public final class OursParser implements PeerParser {

    @Override
    public String name() {
        return "ours";
    }

    @Override
    public String description() {
        return "sse-kit-protocol EventStreamParser";
    }

    @Override
    public void parse(List<byte[]> chunks, EventSink sink) {
        EventStreamParser p = new EventStreamParser((EventStreamListener) e -> sink.event(e.type(), e.data(), e.lastEventId()));
        for (byte[] c : chunks) {
            p.feed(c);
        }
        p.end();
    }
}
