package dev.ssekit.server.internal;

import dev.ssekit.server.SseRequest;
import dev.ssekit.server.SseResponse;
import java.util.List;
import java.util.Map;

/**
 * One path of the core's API and what it answers. The router ({@code SseCore}) matches the path, answers
 * {@code OPTIONS} (the preflight), a method not in {@link #allow()} (405) and any request once the core is closing
 * (503); a route answers the rest.
 */
public interface Route {

    /** The path, exactly; also how the 404 answer names it. */
    String path();

    /** The methods it answers, as {@code Allow} lists them ({@code OPTIONS} included). */
    String allow();

    /**
     * Answers a request whose method {@link #allow()} lists, other than {@code OPTIONS}. {@code HEAD} is answered as
     * {@code GET}: the router sends a stream's head without opening it (HTTP-007).
     *
     * @param cors the CORS headers every answer carries
     * @throws BadRequest for a request it refuses with 400, naming the problem
     */
    SseResponse answer(SseRequest request, Map<String, List<String>> cors) throws BadRequest;

    /**
     * For a head that announces a body, with an allowed method: the answer it gets without its body being read
     * (HTTP-006), or null when the body is wanted.
     */
    default SseResponse refuseBeforeBody(SseRequest head, Map<String, List<String>> cors) {
        return null;
    }

    /** True when {@code method} is answered by {@link #answer} (OPTIONS is the router's). */
    default boolean allows(String method) {
        return !"OPTIONS".equals(method) && List.of(allow().split(", ")).contains(method);
    }
}
