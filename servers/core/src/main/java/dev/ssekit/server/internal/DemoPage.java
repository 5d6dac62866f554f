package dev.ssekit.server.internal;

import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

/** {@code GET /}: the demo page (API-025), the tutorial's page listening for the configured event type. */
public final class DemoPage implements Route {

    private static final String RESOURCE = "/dev/ssekit/server/demo.html";

    private final byte[] page;

    public DemoPage(String eventType) {
        try (InputStream in = DemoPage.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException("missing resource " + RESOURCE);
            }
            String html = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            // Safe inside a JS string and HTML: the type is checked to be [A-Za-z0-9_.:-]{1,64}.
            page = html.replace("{{EVENT_TYPE}}", eventType).getBytes(StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public String path() {
        return "/";
    }

    @Override
    public String allow() {
        return "GET, HEAD, OPTIONS";
    }

    @Override
    public SseResponse answer(SseRequest request, Map<String, List<String>> cors) {
        return Answers.full(200, Answers.headers(cors, "Content-Type", "text/html; charset=utf-8",
                "Cache-Control", "no-cache"), page);
    }
}
