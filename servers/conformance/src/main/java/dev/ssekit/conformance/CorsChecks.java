package dev.ssekit.conformance;

import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.results.ResultEntry;

/**
 * What a page on another origin gets (the tutorial's page is on another port than its server): the CORS check of a
 * plain request (CORS-004) and of a credentialed one ({@code withCredentials}: CORS-005, CORS-006), on any URL. No
 * CORS header at all is {@code info}, since a stream may serve only its own origin; a header that a browser refuses
 * fails.
 */
final class CorsChecks {

    /** The origin the requests claim: one no server has on its allow-list. */
    static final String ORIGIN = "http://sse-kit-check.example";

    private final CheckedStream x;
    private StreamCapture plain;
    private StreamCapture credentialed;

    CorsChecks(CheckedStream x) {
        this.x = x;
    }

    ResultEntry plain(ConformanceCheck c) {
        StreamCapture s = plainRead();
        if (!s.hasStatus()) {
            return Results.notRun(c, "the request with Origin got " + s.summary());
        }
        String acao = s.header("Access-Control-Allow-Origin");
        String expected = "Access-Control-Allow-Origin: * or " + ORIGIN + " (the request's Origin)";
        if (acao == null) {
            // a stream for pages on its own origin needs no CORS; the suite cannot know where the page is
            return Results.info(c, "no Access-Control-Allow-Origin (status " + s.status + "): only a page on the stream's"
                    + " own origin can read it; a page on another origin (the tutorial's page is on another port) gets a"
                    + " network error, and its EventSource fires error and reconnects for ever");
        }
        if (acao.equals("*") || acao.equals(ORIGIN)) {
            return Results.pass(c, "Origin: " + ORIGIN + " gets Access-Control-Allow-Origin: " + acao);
        }
        return Results.failure(c, expected, "Access-Control-Allow-Origin: " + Escapes.quote(acao)
                + (acao.contains(",") ? " (more than one value, which no browser accepts)" : "")
                + ": a page on " + ORIGIN + " gets a network error");
    }

    ResultEntry credentialed(ConformanceCheck c) {
        StreamCapture s = credentialedRead();
        if (!s.hasStatus()) {
            return Results.notRun(c, "the credentialed request got " + s.summary());
        }
        String acao = s.header("Access-Control-Allow-Origin");
        String acac = s.header("Access-Control-Allow-Credentials");
        boolean granted = "true".equals(acac);
        String got = "Access-Control-Allow-Origin: " + (acao == null ? "(none)" : Escapes.quote(acao))
                + ", Access-Control-Allow-Credentials: " + (acac == null ? "(none)" : Escapes.quote(acac));
        if (granted && "*".equals(acao)) {
            return Results.failure(c, "credentials granted only with the exact origin, never with *", got
                    + ": the wildcard with credentials; every browser refuses it, so a withCredentials page gets a network"
                    + " error, and the server meant to share credentialed responses with any origin");
        }
        if (granted && !ORIGIN.equals(acao)) {
            return Results.failure(c, "credentials granted with Access-Control-Allow-Origin: " + ORIGIN, got
                    + ": not the request's origin, so the browser refuses it");
        }
        if (granted) {
            return Results.pass(c, got + ": granted to the requesting origin, echoed exactly"
                    + (s.header("Vary") == null ? " (no Vary: Origin, so a cache may serve it to another origin)" : ""));
        }
        return Results.pass(c, got + ": credentials not granted to " + ORIGIN + ", so a page using withCredentials: true "
                + "gets a network error, and one without works" + (acao == null ? " only on the same origin" : ""));
    }

    private synchronized StreamCapture plainRead() {
        if (plain == null) {
            plain = x.read(HttpRequest.get(x.path()).withHeader("Origin", ORIGIN).withHeader("Cache-Control", "no-cache"),
                    Math.min(x.timeoutMs(), 5_000), StreamCapture::hasStatus);
        }
        return plain;
    }

    /** As a withCredentials EventSource sends it: the Origin and the page's cookies. */
    private synchronized StreamCapture credentialedRead() {
        if (credentialed == null) {
            credentialed = x.read(HttpRequest.get(x.path()).withHeader("Origin", ORIGIN).withHeader("Cookie", "sse-kit-check=1")
                    .withHeader("Cache-Control", "no-cache"), Math.min(x.timeoutMs(), 5_000), StreamCapture::hasStatus);
        }
        return credentialed;
    }
}
