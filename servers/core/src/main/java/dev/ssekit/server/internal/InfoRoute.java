package dev.ssekit.server.internal;

import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code GET /api/info} (API-029): this server's name, the servers running next to it with their ports, whether the
 * docs site is served, and the {@code text} limit, as JSON. The live playground finds the other server here.
 */
public final class InfoRoute implements Route {

    private static final Pattern SERVER_NAME = Pattern.compile("[A-Za-z0-9_.-]{1,32}");

    /** This server's name and its neighbours' ports. */
    private record Directory(String self, Map<String, Integer> servers) {
    }

    private final Path docsRoot;
    private volatile Directory directory = new Directory(null, Map.of());

    public InfoRoute(Path docsRoot) {
        this.docsRoot = docsRoot;
    }

    /**
     * Names this server and the servers next to it (itself included), by name and port.
     *
     * @throws IllegalArgumentException for a name that is not 1 to 32 of {@code A-Z a-z 0-9 _ . -}, or a port outside
     *     1..65535
     */
    public void announce(String self, Map<String, Integer> servers) {
        checkName(self);
        Map<String, Integer> copy = new LinkedHashMap<>();
        servers.forEach((name, port) -> {
            checkName(name);
            if (port == null || port < 1 || port > 65535) {
                throw new IllegalArgumentException("port of " + name + " must be 1..65535, got " + port);
            }
            copy.put(name, port);
        });
        directory = new Directory(self, Collections.unmodifiableMap(copy));
    }

    private static void checkName(String name) {
        if (name == null || !SERVER_NAME.matcher(name).matches()) {
            throw new IllegalArgumentException("a server name must be 1 to 32 characters of A-Z a-z 0-9 _ . -, got "
                    + BadRequest.quote(String.valueOf(name)));
        }
    }

    @Override
    public String path() {
        return "/api/info";
    }

    @Override
    public String allow() {
        return "GET, HEAD, OPTIONS";
    }

    @Override
    public SseResponse answer(SseRequest request, Map<String, List<String>> cors) {
        return Answers.full(200, Answers.headers(cors, "Content-Type", "application/json", "Cache-Control", "no-store"),
                json().getBytes(StandardCharsets.UTF_8));
    }

    private String json() {
        Directory d = directory; // names and ports are checked in announce(): nothing to escape
        StringBuilder b = new StringBuilder("{\"implementation\":");
        b.append(d.self() == null ? "null" : '"' + d.self() + '"').append(",\"servers\":[");
        String sep = "";
        for (Map.Entry<String, Integer> e : d.servers().entrySet()) {
            b.append(sep).append("{\"name\":\"").append(e.getKey()).append("\",\"port\":").append(e.getValue()).append('}');
            sep = ",";
        }
        b.append("],\"docs\":").append(docsRoot != null && Files.isDirectory(docsRoot))
                .append(",\"textLimit\":").append(StreamParams.MAX_TEXT_CODE_POINTS).append('}');
        return b.toString();
    }
}
