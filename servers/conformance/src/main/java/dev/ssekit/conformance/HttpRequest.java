package dev.ssekit.conformance;

import java.nio.charset.StandardCharsets;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/** One HTTP/1.1 request of the suite. {@code path} includes the query; header names keep their case. */
record HttpRequest(String method, String path, Map<String, String> headers, byte[] body) {

    static HttpRequest get(String path) {
        return new HttpRequest("GET", path, Map.of(), null);
    }

    HttpRequest withHeader(String name, String value) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put(name, value);
        return new HttpRequest(method, path, Collections.unmodifiableMap(h), body);
    }

    HttpRequest withBody(String method, String text) {
        return new HttpRequest(method, path, headers, text == null ? null : text.getBytes(StandardCharsets.UTF_8));
    }

    boolean hasHeader(String name) {
        return headers.keySet().stream().anyMatch(k -> k.equalsIgnoreCase(name));
    }

    @Override
    public String toString() {
        return method + " " + path + (headers.isEmpty() ? "" : " " + headers);
    }
}
