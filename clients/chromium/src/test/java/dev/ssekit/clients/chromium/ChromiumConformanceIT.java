package dev.ssekit.clients.chromium;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against Chromium EventSource; its failures are findings, pinned in {@link #knownFailures()}. */
class ChromiumConformanceIT extends ClientConformance {

    private ChromiumService service;

    /** A peer: its failures are findings, recorded and reported, never a build failure. */
    @Override
    protected boolean findingsFailTheBuild() {
        return false;
    }

    @Override
    protected String clientName() {
        return "chromium";
    }

    @Override
    protected String displayName() {
        return "Chromium EventSource";
    }

    @Override
    protected String clientVersion() {
        return service == null ? null : service.version();
    }

    /** Chromium opens at most 6 HTTP/1.1 connections per host, and every scenario's stream is on one host. */
    @Override
    protected int parallel() {
        return 5;
    }

    @Override
    protected TestService startService() throws Exception {
        service = ChromiumServiceIT.startOrAbort();
        return TestService.of(service.uri(), service::close);
    }

    /** Found by the run of 2026-12-06; each why is what the client did. */
    @Override
    protected Map<String, String> knownFailures() {
        return Map.ofEntries(
                Map.entry("client/content-type/charset-parameter", "delivers no event"));
    }
}
