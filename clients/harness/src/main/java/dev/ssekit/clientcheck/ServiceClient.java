package dev.ssekit.clientcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * Speaks to a test service exactly as sse-contract-tests' service_spec.md says, and liberally: any 2xx is success,
 * a capabilities body is optional, {@code Location} is opaque and resolved against the service URL.
 */
final class ServiceClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** The service answered, but not with a 2xx (or without Location on create). */
    static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private final URI base;
    private final HttpClient http;
    private final Duration timeout;

    ServiceClient(URI base, Duration timeout) {
        this.base = base;
        this.timeout = timeout;
        this.http = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(timeout)
                .followRedirects(HttpClient.Redirect.NEVER).build();
    }

    URI base() {
        return base;
    }

    /** {@code GET /}: the capabilities the service claims (none when it sends no JSON body). */
    Set<String> capabilities() throws IOException, InterruptedException, Refused {
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(base).timeout(timeout).GET().build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() / 100 != 2) {
            throw new Refused("GET " + base + " answered " + r.statusCode());
        }
        Set<String> caps = new LinkedHashSet<>();
        try {
            JsonNode body = JSON.readTree(r.body());
            if (body != null) {
                body.path("capabilities").forEach(c -> caps.add(c.asText()));
            }
        } catch (IOException notJson) {
            // a body is optional; one that is not JSON claims nothing
        }
        return caps;
    }

    /** {@code POST /}: creates a stream and returns its resource. */
    URI create(JsonNode config) throws IOException, InterruptedException, Refused {
        HttpResponse<String> r = post(base, config);
        if (r.statusCode() / 100 != 2) {
            throw new Refused("POST " + base + " answered " + r.statusCode() + (r.body().isBlank() ? "" : ": " + abbreviate(r.body())));
        }
        String location = r.headers().firstValue("Location").orElse(null);
        if (location == null) {
            throw new Refused("POST " + base + " answered " + r.statusCode() + " without Location");
        }
        return base.resolve(location);
    }

    void command(URI stream, JsonNode command) throws IOException, InterruptedException, Refused {
        HttpResponse<String> r = post(stream, command);
        if (r.statusCode() / 100 != 2) {
            throw new Refused("POST " + stream + " " + command + " answered " + r.statusCode());
        }
    }

    /** {@code DELETE <Location>}; a 404 (already gone) is fine too. */
    void delete(URI stream) throws IOException, InterruptedException {
        http.send(HttpRequest.newBuilder(stream).timeout(timeout).DELETE().build(), HttpResponse.BodyHandlers.discarding());
    }

    private HttpResponse<String> post(URI uri, JsonNode body) throws IOException, InterruptedException {
        return http.send(HttpRequest.newBuilder(uri).timeout(timeout).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body.toString())).build(), HttpResponse.BodyHandlers.ofString());
    }

    private static String abbreviate(String s) {
        String one = s.strip().replace('\n', ' ');
        return one.length() > 200 ? one.substring(0, 200) + "..." : one;
    }
}
