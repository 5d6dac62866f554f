package dev.ssekit.server;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** A core on a {@link ManualScheduler}, with request helpers. */
final class Harness implements AutoCloseable {

    final ManualScheduler clock = new ManualScheduler();
    final SseCore core;

    Harness() {
        this(SseServerConfig.defaults());
    }

    Harness(SseServerConfig config) {
        core = new SseCore(config, clock);
    }

    /** {@code headers} as name, value pairs. */
    SseResponse request(String method, String target, byte[] body, String... headers) {
        int q = target.indexOf('?');
        String path = q < 0 ? target : target.substring(0, q);
        String query = q < 0 ? null : target.substring(q + 1);
        Map<String, List<String>> h = new LinkedHashMap<>();
        for (int i = 0; i < headers.length; i += 2) {
            h.computeIfAbsent(headers[i].toLowerCase(Locale.ROOT), k -> new ArrayList<>()).add(headers[i + 1]);
        }
        return core.handle(new SseRequest(method, path, query, h, body == null ? new byte[0] : body));
    }

    SseResponse get(String target, String... headers) {
        return request("GET", target, null, headers);
    }

    SseResponse post(String target, String body, String... headers) {
        return request("POST", target, body.getBytes(StandardCharsets.UTF_8), headers);
    }

    /** Opens a stream whose client reads everything at once. */
    FakeTransport open(String target, String... headers) {
        return FakeTransport.open(get(target, headers), true);
    }

    /** Opens a stream whose client reads only when the test says so. */
    FakeTransport openManual(String target, String... headers) {
        return FakeTransport.open(get(target, headers), false);
    }

    static String body(SseResponse r) {
        return new String(bytes(r), StandardCharsets.UTF_8);
    }

    /** The content a response sends: a full body, or the bytes of the file a file response names. */
    static byte[] bytes(SseResponse r) {
        if (r instanceof SseResponse.File f) {
            try {
                byte[] all = java.nio.file.Files.readAllBytes(f.path());
                assertEquals(f.length(), all.length, "the file's length as looked up");
                return all;
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
        return ((SseResponse.Full) r).body();
    }

    /** Bytes this thread has allocated so far, or -1 where the JVM cannot tell. */
    static long allocatedBytes() {
        if (java.lang.management.ManagementFactory.getThreadMXBean() instanceof com.sun.management.ThreadMXBean t
                && t.isThreadAllocatedMemorySupported() && t.isThreadAllocatedMemoryEnabled()) {
            return t.getThreadAllocatedBytes(Thread.currentThread().getId());
        }
        return -1;
    }

    static String header(SseResponse r, String name) {
        for (Map.Entry<String, List<String>> e : r.headers().entrySet()) {
            if (e.getKey().equalsIgnoreCase(name)) {
                return String.join(", ", e.getValue());
            }
        }
        return null;
    }

    @Override
    public void close() {
        core.close();
    }
}
