package dev.ssekit.clientcheck;

import java.net.URI;

/**
 * A running test service of LaunchDarkly's sse-contract-tests protocol that wraps the client under test; closing it
 * stops it. What a {@code ClientConformance} subclass starts.
 */
public interface TestService extends AutoCloseable {

    /** The service's base URL: {@code GET} answers capabilities, {@code POST} creates a stream. */
    URI baseUri();

    @Override
    void close() throws Exception;

    /** A service started here: {@code stop} closes it. */
    static TestService of(URI uri, AutoCloseable stop) {
        return new TestService() {
            @Override
            public URI baseUri() {
                return uri;
            }

            @Override
            public void close() throws Exception {
                stop.close();
            }
        };
    }

    /** A service someone else runs: nothing to stop. */
    static TestService at(URI uri) {
        return new TestService() {
            @Override
            public URI baseUri() {
                return uri;
            }

            @Override
            public void close() {
            }
        };
    }
}
