package dev.ssekit.server.internal;

import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * {@code GET /api/sse}: a bundled document, or the {@code text} parameter's text (API-026, API-027), as an event stream
 * (API-001..018). 400 for a bad query or {@code Last-Event-ID}, 204 for a {@code Last-Event-ID} past the end.
 * Bundled documents are encoded once per event type and shared by every stream of them.
 */
public final class DocumentRoute implements Route {

    private static final int MAX_CACHED_ENCODINGS = 64;

    private final StreamContext ctx;
    private final long defaultIntervalMs;
    private final String defaultEventType;
    private final Map<String, EncodedDocument> encodings = new ConcurrentHashMap<>();

    public DocumentRoute(StreamContext ctx, long defaultIntervalMs, String defaultEventType) {
        this.ctx = ctx;
        this.defaultIntervalMs = defaultIntervalMs;
        this.defaultEventType = defaultEventType;
        for (String name : Document.bundledNames()) {
            encoding(Document.bundled(name), defaultEventType); // the default type, encoded up front
        }
    }

    @Override
    public String path() {
        return "/api/sse";
    }

    @Override
    public String allow() {
        return "GET, HEAD, OPTIONS";
    }

    @Override
    public SseResponse answer(SseRequest request, Map<String, List<String>> cors) throws BadRequest {
        StreamParams p = StreamParams.parse(request.rawQuery(), defaultIntervalMs, defaultEventType);
        long after = LastEventId.parse(request.headers().get("last-event-id"));
        // A given text (API-026) is encoded for this request only; bundled documents come from the cache.
        EncodedDocument doc = Document.bundled(p.doc().name()) == p.doc()
                ? encoding(p.doc(), p.eventType())
                : EncodedDocument.encode(p.doc(), p.eventType());
        if (after > doc.size()) {
            // API-014: past the done event (id N+1); 204 stops EventSource for good (AUTH-003).
            return Answers.full(204, Answers.headers(cors, "Cache-Control", "no-store"), new byte[0]);
        }
        DocumentStream stream = new DocumentStream(ctx, doc, p.intervalMs(), (int) Math.max(0, after), p.dropAfter());
        return new SseResponse.Stream(200, Answers.stream(cors), stream::open);
    }

    private EncodedDocument encoding(Document doc, String type) {
        String key = doc.name() + '\u0000' + type;
        EncodedDocument e = encodings.get(key);
        if (e != null) {
            return e;
        }
        e = EncodedDocument.encode(doc, type);
        if (encodings.size() < MAX_CACHED_ENCODINGS) { // bounded: event types come from the query
            EncodedDocument prior = encodings.putIfAbsent(key, e);
            return prior != null ? prior : e;
        }
        return e;
    }
}
