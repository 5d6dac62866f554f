package dev.ssekit.clients.java;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;

/** The kit's own client against every client scenario: it has no known failures, so any failure fails the build. */
class JavaClientConformanceIT extends ClientConformance {

    @Override
    protected String clientName() {
        return "java";
    }

    @Override
    protected String displayName() {
        return "sse-kit Java EventSource";
    }

    @Override
    protected String clientVersion() {
        return JavaClientAdapter.version();
    }

    @Override
    protected TestService startService() throws Exception {
        dev.ssekit.clientservice.TestService s = JavaClientService.start(0, System.out);
        return TestService.of(s.uri(), s);
    }
}
