package dev.ssekit.server;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;
import java.util.ServiceLoader;

// tag::provider[]
/**
 * A reference server the kit can start: each adapter module registers one in
 * {@code META-INF/services/dev.ssekit.server.SseServerProvider}. {@code serve}, {@code compare} and the bench find the
 * servers here, so adding a server is one provider.
 */
public interface SseServerProvider {

    /** The server's name: lower case, as in {@code sse-kit serve --server NAME} and the results files. */
    String name();

    /** Where it is listed among the others (lower first); ties go by name. */
    default int order() {
        return 100;
    }

    /** Starts a server on {@code config.host():config.port()} (port 0 picks a free one) and returns once it listens. */
    SseServer start(SseServerConfig config);

    /** Every provider on the class path, in {@link #order()}. */
    static List<SseServerProvider> all() {
        List<SseServerProvider> out = new ArrayList<>();
        ServiceLoader.load(SseServerProvider.class, SseServerProvider.class.getClassLoader()).forEach(out::add);
        out.sort(Comparator.comparingInt(SseServerProvider::order).thenComparing(SseServerProvider::name));
        return out;
    }

    /** The provider of that name, if it is on the class path. */
    static Optional<SseServerProvider> named(String name) {
        return all().stream().filter(p -> p.name().equals(name)).findFirst();
    }
}
// end::provider[]
