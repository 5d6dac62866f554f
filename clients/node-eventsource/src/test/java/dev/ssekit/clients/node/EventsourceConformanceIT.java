package dev.ssekit.clients.node;

import dev.ssekit.clientcheck.TestService;
import dev.ssekit.clientcheck.junit.ClientConformance;
import java.util.Map;

/** The client scenarios against eventsource (npm); its failures are findings, pinned in {@link #knownFailures()}. */
class EventsourceConformanceIT extends ClientConformance {

    /** A peer: its failures are findings, recorded and reported, never a build failure. */
    @Override
    protected boolean findingsFailTheBuild() {
        return false;
    }

    @Override
    protected String clientName() {
        return "node-eventsource";
    }

    @Override
    protected String displayName() {
        return "eventsource (npm)";
    }

    @Override
    protected String clientVersion() {
        return EventsourceService.version();
    }

    @Override
    protected TestService startService() throws Exception {
        dev.ssekit.clientservice.NodeService s = EventsourceService.start();
        return TestService.of(s.uri(), s);
    }

    /** Found by the run of 2026-12-06; each why is what the client did. */
    @Override
    protected Map<String, String> knownFailures() {
        return Map.ofEntries(
                Map.entry("client/body/line-ends-cr", "delivers no event"),
                Map.entry("client/body/line-ends-mixed", "event 2 none (1 delivered)"),
                Map.entry("client/content-type/mixed-case", "delivers no event"),
                Map.entry("client/fail/content-type-event-stream-foobar", "delivers the event of a response it must fail"),
                Map.entry("client/last-event-id/kept-across-events-without-id", "event 2 {type=\"message\", data=\"b\", lastEventId=\"\"}"),
                Map.entry("client/last-event-id/not-set-by-id-with-nul", "event 2 {type=\"message\", data=\"b\", lastEventId=\"\"}"),
                Map.entry("client/last-event-id/sent-as-utf8", "no reconnect within 10 s"),
                Map.entry("client/last-event-id/set-by-id-only-block", "attempt 2: no Last-Event-ID"),
                Map.entry("client/retry/honoured", SOMETIMES + "now and then reconnects at once after a stream that ended with retry: 03000"),
                Map.entry("client/redirect/status-301", "reconnects to the URL it was given, not the one a redirect led to"),
                Map.entry("client/redirect/status-302", "reconnects to the URL it was given, not the one a redirect led to"),
                Map.entry("client/redirect/status-303", "reconnects to the URL it was given, not the one a redirect led to"),
                Map.entry("client/redirect/status-307", "reconnects to the URL it was given, not the one a redirect led to"),
                Map.entry("client/redirect/status-308", "reconnects to the URL it was given, not the one a redirect led to"));
    }
}
