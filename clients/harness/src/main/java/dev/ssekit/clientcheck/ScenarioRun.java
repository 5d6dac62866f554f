package dev.ssekit.clientcheck;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.ssekit.spec.ClientScenario;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.Failure;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/** Plays one scenario through the test service and judges what the client did. */
final class ScenarioRun {

    /** How long the first request may take after the stream is created. */
    static final long FIRST_REQUEST_MS = 10_000;
    /** Quiet time after the last expected event, so that an extra event can show. */
    static final long SETTLE_MS = 300;

    private record Finding(String expected, String actual) {
    }

    private final ClientScenario s;
    private final ScriptServer server;
    private final CallbackServer callbacks;
    private final ServiceClient service;
    private final Set<String> capabilities;
    private final String key;
    private final long timeoutMs;

    /** The protocol of each request the scenario saw, in order of arrival (filled by {@link #run()}). */
    private volatile List<String> protocols = List.of();

    ScenarioRun(ClientScenario s, ScriptServer server, CallbackServer callbacks, ServiceClient service,
            Set<String> capabilities, String key, long timeoutMs) {
        this.s = s;
        this.server = server;
        this.callbacks = callbacks;
        this.service = service;
        this.capabilities = capabilities;
        this.key = key;
        this.timeoutMs = timeoutMs;
    }

    ResultEntry run() {
        long t0 = System.nanoTime();
        List<String> missing = s.needs().stream().filter(n -> !capabilities.contains(n)).toList();
        if (!missing.isEmpty()) {
            return entry(Outcome.NOT_APPLICABLE, null, null, "the test service does not claim the capabilit"
                    + (missing.size() == 1 ? "y " : "ies ") + String.join(", ", missing), t0);
        }
        String onlyHttp1 = server.requiredProtocol() == null ? null : onlyOverHttp1();
        if (onlyHttp1 != null) {
            return entry(Outcome.NOT_APPLICABLE, null, null, onlyHttp1, t0);
        }
        long deadline = t0 + timeoutMs * 1_000_000;
        Stage stage = new Stage(s, server, key, deadline);
        server.register(key, stage);
        callbacks.register(key, stage);
        URI stream = null;
        try {
            try {
                stream = service.create(createRequest());
                URI created = stream;
                stage.closer(() -> delete(created));
                if (capabilities.contains("event-type-listeners")) {
                    for (String type : listenTypes()) {
                        ObjectNode cmd = ServiceClient.JSON.createObjectNode().put("command", "listen");
                        cmd.putObject("listen").put("type", type);
                        service.command(stream, cmd);
                    }
                }
            } catch (ServiceClient.Refused e) {
                return entry(Outcome.NOT_RUN, null, null, "the test service refused: " + e.getMessage(), t0);
            } catch (IOException e) {
                return entry(Outcome.NOT_RUN, null, null, "the test service did not answer: " + e, t0);
            }
            stage.ready();
            List<Finding> findings = observe(stage, deadline);
            List<Stage.Played> played = stage.played();
            protocols = played.stream().map(p -> p.request.protocol()).toList();
            String wanted = server.requiredProtocol();
            for (int i = 0; i < played.size(); i++) {
                if (wanted != null && !wanted.equals(played.get(i).request.protocol())) {
                    // KIT-016: what the client did over another protocol says nothing about it over this one
                    return entry(Outcome.NOT_RUN, null, null, "attempt " + (i + 1) + " came over "
                            + played.get(i).request.protocol() + ", not " + wanted + ": this run plays the scenarios over "
                            + wanted + " only, and the client did not choose it (ALPN)", t0);
                }
            }
            if (System.nanoTime() - deadline > 0) {
                return entry(Outcome.NOT_RUN, null, null, "the scenario ran past its deadline of " + timeoutMs
                        + " ms (--timeout-ms)", t0);
            }
            if (findings.isEmpty()) {
                return entry(Outcome.PASS, null, null, null, t0);
            }
            Finding f = findings.get(0);
            String detail = Failure.format(s.requirements(), s.id(), f.expected(), f.actual());
            if (findings.size() > 1) {
                StringBuilder more = new StringBuilder(detail).append("\n  also:");
                findings.subList(1, findings.size()).forEach(m -> more.append("\n    ").append(m.actual()));
                detail = more.toString();
            }
            return entry(Outcome.ofFailure(s.requirements()), f.expected(), f.actual(), detail, t0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return entry(Outcome.NOT_RUN, null, null, "interrupted: the run was stopped", t0);
        } finally {
            if (stream != null) {
                delete(stream);
            }
            stage.finish();
            server.unregister(key);
            callbacks.unregister(key);
        }
    }

    /** The protocols of the requests the scenario saw, in order (empty before {@link #run()} or when none came). */
    List<String> protocols() {
        return protocols;
    }

    /**
     * Why the scenario means something only over HTTP/1.1, or null: a response field that is connection-specific
     * (RFC 9113, 8.2.2) cannot be sent over h2 at all.
     */
    private String onlyOverHttp1() {
        for (ClientScenario.Attempt a : s.attempts()) {
            if (a.response() == null) {
                continue;
            }
            for (String name : a.response().headers().keySet()) {
                if (Wire.CONNECTION_SPECIFIC.contains(name.toLowerCase(Locale.ROOT))) {
                    return "its script sends the connection-specific field " + name + ", which HTTP/2 forbids (RFC 9113, "
                            + "8.2.2): the scenario is about HTTP/1.1 framing";
                }
            }
        }
        return null;
    }

    private void delete(URI stream) {
        try {
            service.delete(stream);
        } catch (IOException e) {
            // the service is gone: nothing more to stop
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private ObjectNode createRequest() {
        ObjectNode c = ServiceClient.JSON.createObjectNode();
        c.put("streamUrl", server.url(key, ClientScenario.MAIN_PATH));
        c.put("callbackUrl", callbacks.base(key));
        c.put("tag", s.id());
        ClientScenario.Config cfg = s.config();
        if (cfg.initialDelayMs() != null) {
            c.put("initialDelayMs", cfg.initialDelayMs());
        }
        if (cfg.lastEventId() != null) {
            c.put("lastEventId", cfg.lastEventId());
        }
        if (!cfg.headers().isEmpty()) {
            ObjectNode h = c.putObject("headers");
            cfg.headers().forEach(h::put);
        }
        if (cfg.method() != null) {
            c.put("method", cfg.method());
        }
        if (cfg.body() != null) {
            c.put("body", cfg.body());
        }
        if (cfg.closeOnError()) {
            c.put("closeOnError", true);
        }
        return c;
    }

    private Set<String> listenTypes() {
        Set<String> types = new LinkedHashSet<>();
        s.expect().events().stream().map(ExpectedEvent::type).filter(t -> !t.equals("message")).forEach(types::add);
        return types;
    }

    /** Waits for each attempt in turn within its window, then for the events and the quiet time; returns findings. */
    private List<Finding> observe(Stage stage, long deadline) throws InterruptedException {
        List<Finding> out = new ArrayList<>();
        List<ClientScenario.Attempt> attempts = s.attempts();
        long created = System.nanoTime();
        int arrived = 0;
        for (int i = 0; i < attempts.size(); i++) {
            long window;
            long from;
            if (i == 0) {
                window = FIRST_REQUEST_MS;
                from = created;
            } else {
                long end = stage.awaitEnd(i - 1, deadline);
                if (end == 0) {
                    break; // attempt i-1 never ended: the deadline judges it
                }
                ClientScenario.Delay d = attempts.get(i).delayMs();
                window = d == null ? ClientScenario.DEFAULT_MAX_DELAY_MS : d.max();
                from = end;
            }
            if (!stage.awaitRequests(i + 1, from + window * 1_000_000)) {
                if (System.nanoTime() - deadline < 0) {
                    out.add(i == 0 ? new Finding("a request within " + window + " ms of the stream's creation", "no request within "
                            + window + " ms")
                            : new Finding("reconnect " + i + " within " + window + " ms", "no reconnect within " + window + " ms"));
                }
                break;
            }
            arrived = i + 1;
        }
        List<Stage.Played> played = stage.played();
        boolean allArrived = arrived == attempts.size();
        if (allArrived && s.expect().noFurtherAttemptMs() != null) {
            long end = stage.awaitEnd(attempts.size() - 1, deadline);
            if (end != 0) {
                long w = s.expect().noFurtherAttemptMs();
                stage.awaitRequests(attempts.size() + 1, end + w * 1_000_000);
            }
        }
        if (allArrived) {
            stage.awaitEvents(s.expect().events().size(), System.nanoTime() + ClientScenario.DEFAULT_MAX_DELAY_MS * 1_000_000);
            stage.awaitErrors(s.expect().minErrors(), System.nanoTime() + 2_000_000_000L);
            Thread.sleep(SETTLE_MS);
        }
        played = stage.played();
        // requests, in the order they came
        List<Finding> requests = new ArrayList<>();
        for (int i = 0; i < Math.min(played.size(), attempts.size()); i++) {
            judgeRequest(i, attempts.get(i), played, requests);
        }
        out.addAll(0, requests);
        stage.problems().forEach(p -> out.add(new Finding("the client delivers each event before the server goes on", p)));
        judgeEvents(stage, out);
        if (played.size() > attempts.size()) {
            Stage.Played extra = played.get(attempts.size());
            Stage.Played last = played.get(attempts.size() - 1);
            long after = last.endedNanos == 0 ? -1 : Math.max(0, (extra.request.arrivedNanos() - last.endedNanos) / 1_000_000);
            String expected = s.expect().noFurtherAttemptMs() != null
                    ? "no further attempt within " + s.expect().noFurtherAttemptMs() + " ms (stopped for good)"
                    : "no attempt after attempt " + attempts.size();
            out.add(new Finding(expected, "attempt " + (attempts.size() + 1) + " came " + (after < 0 ? "while attempt "
                    + attempts.size() + " was still open" : after + " ms after attempt " + attempts.size() + " ended")
                    + " (" + (played.size() - attempts.size()) + " unexpected in all)"));
        }
        if (allArrived && stage.errorsDelivered() < s.expect().minErrors()) {
            out.add(new Finding("at least " + s.expect().minErrors() + " error callback(s)", stage.errorsDelivered()
                    + " error callbacks"));
        }
        return out;
    }

    private void judgeRequest(int i, ClientScenario.Attempt a, List<Stage.Played> played, List<Finding> out) {
        Stage.Played p = played.get(i);
        RecordedRequest r = p.request;
        String n = "attempt " + (i + 1);
        if (!a.path().equals(p.pathName)) {
            out.add(new Finding(n + " at " + server.url(key, a.path()), n + " at " + server.url(key, p.pathName)));
        }
        if (i > 0 && played.get(i - 1).endedNanos != 0) {
            long waited = (r.arrivedNanos() - played.get(i - 1).endedNanos) / 1_000_000;
            ClientScenario.Delay d = a.delayMs();
            if (d != null && waited < d.min() - ClientScenario.DELAY_TOLERANCE_MS) {
                out.add(new Finding(n + " after waiting " + d.min() + ".." + d.max() + " ms", n + " after " + Math.max(0, waited) + " ms"));
            }
        }
        ClientScenario.Request want = a.request();
        if (want == null) {
            return;
        }
        if (want.method() != null && !want.method().equals(r.method())) {
            out.add(new Finding(n + ": method " + want.method(), n + ": method " + r.method()));
        }
        if (want.accept() != null) {
            String accept = r.header("Accept");
            if (accept == null || !mediaRanges(accept).contains(want.accept())) {
                out.add(new Finding(n + ": Accept: " + want.accept(), n + ": " + (accept == null ? "no Accept" : "Accept: " + Escapes.escape(accept))));
            }
        }
        if (want.cacheControl() != null) {
            String cc = r.header("Cache-Control");
            String lower = cc == null ? "" : cc.toLowerCase(Locale.ROOT);
            if (!lower.contains("no-cache") && !lower.contains("no-store")) {
                out.add(new Finding(n + ": Cache-Control: " + want.cacheControl(), n + ": " + (cc == null ? "no Cache-Control"
                        : "Cache-Control: " + Escapes.escape(cc))));
            }
        }
        if (want.judgesLastEventId()) {
            byte[] got = r.headerBytes("Last-Event-ID");
            if (want.lastEventIdAbsent() && got != null) {
                out.add(new Finding(n + ": no Last-Event-ID", n + ": Last-Event-ID: " + showBytes(got)));
            } else if (!want.lastEventIdAbsent() && (got == null || !Arrays.equals(got, want.lastEventId()))) {
                out.add(new Finding(n + ": Last-Event-ID: " + showBytes(want.lastEventId()), n + ": "
                        + (got == null ? "no Last-Event-ID" : "Last-Event-ID: " + showBytes(got))));
            }
        }
        if (want.headers() != null) {
            want.headers().forEach((name, value) -> {
                String got = r.header(name);
                if (!value.equals(got)) {
                    out.add(new Finding(n + ": " + name + ": " + Escapes.escape(value), n + ": " + (got == null ? "no " + name
                            : name + ": " + Escapes.escape(got))));
                }
            });
        }
        if (want.body() != null) {
            String got = new String(r.body(), StandardCharsets.UTF_8);
            if (!want.body().equals(got)) {
                out.add(new Finding(n + ": body " + Escapes.quote(want.body()), n + ": body " + Escapes.quote(got)));
            }
        }
    }

    private void judgeEvents(Stage stage, List<Finding> out) {
        List<ExpectedEvent> want = s.expect().events();
        List<ExpectedEvent> got = new ArrayList<>();
        for (JsonNode c : stage.callbacks()) {
            if ("event".equals(c.path("kind").asText())) {
                JsonNode e = c.path("event");
                String type = e.hasNonNull("type") && !e.get("type").asText().isEmpty() ? e.get("type").asText() : "message";
                got.add(new ExpectedEvent(type, e.path("data").asText(""), e.hasNonNull("id") ? e.get("id").asText() : ""));
            }
        }
        for (int i = 0; i < Math.max(want.size(), got.size()); i++) {
            ExpectedEvent w = i < want.size() ? want.get(i) : null;
            ExpectedEvent g = i < got.size() ? got.get(i) : null;
            if (w == null || !w.equals(g)) {
                out.add(new Finding("event " + (i + 1) + " " + (w == null ? "none (" + want.size() + " events in all)" : w),
                        "event " + (i + 1) + " " + (g == null ? "none (" + got.size() + " delivered)" : g)));
                return;
            }
        }
    }

    private static Set<String> mediaRanges(String accept) {
        Set<String> out = new LinkedHashSet<>();
        for (String part : accept.split(",")) {
            int semi = part.indexOf(';');
            out.add((semi < 0 ? part : part.substring(0, semi)).strip().toLowerCase(Locale.ROOT));
        }
        return out;
    }

    /** The bytes as text when they are UTF-8, with their hex when any is not ASCII. */
    private static String showBytes(byte[] b) {
        String text = Escapes.quote(new String(b, StandardCharsets.UTF_8));
        for (byte x : b) {
            if (x < 0x20 || x >= 0x7f) {
                return text + " (bytes " + Escapes.hex(b, 64) + ")";
            }
        }
        return text;
    }

    private ResultEntry entry(Outcome o, String expected, String actual, String detail, long t0) {
        return new ResultEntry(s.id(), ResultEntry.VECTOR, s.requirements(), o, expected, actual, detail,
                (System.nanoTime() - t0) / 1e6);
    }
}
