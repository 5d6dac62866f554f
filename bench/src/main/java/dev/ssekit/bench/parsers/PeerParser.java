package dev.ssekit.bench.parsers;

import java.util.ArrayList;
import java.util.List;

/**
 * One SSE parser, ours or a peer's, behind the same two calls: the chunks are the whole body in arrival order and
 * the end of the list is the end of the stream. Events come out as a browser's {@code MessageEvent} shows them;
 * where a library leaves a field null the adapter fills it in the browser's way and its class comment says how.
 * Adapters are stateless: every call parses a fresh stream, so one instance may serve many threads.
 */
public interface PeerParser {

    /** Receives each dispatched event; the benchmark's sink allocates nothing. */
    @FunctionalInterface
    interface EventSink {
        void event(String type, String data, String lastEventId);
    }

    /** Short, stable name: {@code ours}, {@code okhttp}, ... Results go to {@code parser-<name>.json}. */
    String name();

    /** The library and version, for reports. */
    String description();

    /** Streams the events of the body to the sink. Exceptions are the library's own, unwrapped where possible. */
    void parse(List<byte[]> chunks, EventSink sink) throws Exception;

    default List<PeerEvent> parse(List<byte[]> chunks) throws Exception {
        List<PeerEvent> out = new ArrayList<>();
        parse(chunks, (t, d, id) -> out.add(new PeerEvent(t, d, id)));
        return out;
    }
}
