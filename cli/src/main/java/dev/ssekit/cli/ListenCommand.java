package dev.ssekit.cli;

import dev.ssekit.client.ErrorEvent;
import dev.ssekit.client.EventSource;
import dev.ssekit.conformance.ClientOptions;
import dev.ssekit.protocol.ParsedEvent;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URISyntaxException;
import java.net.http.HttpClient;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import picocli.CommandLine.ArgGroup;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** curl for Server-Sent Events, on the kit's Java EventSource: what a client sees, as JSON lines. */
@Command(name = "listen",
        sortOptions = false,
        header = "Listen to an SSE stream as an EventSource does, printing JSON lines.",
        description = {
            "Connects to URL with the kit's Java EventSource and prints one JSON line per",
            "thing it sees, as it happens:",
            "  {\"open\":URL,\"httpVersion\":\"HTTP/1.1\"}           a connection opened (200 text/event-stream)",
            "  {\"type\":T,\"data\":D,\"lastEventId\":I}        an event",
            "  {\"retry\":MS}                                  a retry field set the reconnection time",
            "  {\"error\":REASON,\"message\":M,\"reconnectInMs\":MS}  the connection ended; the next attempt",
            "                                                follows after MS (with the backoff on failures)",
            "  {\"error\":REASON,\"message\":M,\"closed\":true}    the connection failed for good",
            "It reconnects as a browser does: after the reconnection time (retry), sending",
            "Last-Event-ID; it stops on 204, another status or Content-Type, too many",
            "redirects or a parser limit. REASON is END_OF_STREAM, NETWORK_ERROR,",
            "READ_TIMEOUT, HTTP_STATUS, CONTENT_TYPE, TOO_MANY_REDIRECTS, BAD_REDIRECT or",
            "LIMIT_EXCEEDED. Without --max-events or --max-time it listens until stopped."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  --max-events events arrived, or --max-time passed",
                "  2  bad usage (the message names the option) or an unreadable --data-file",
                "  3  the connection failed for good (a status such as 204 or 404, a wrong",
                "     Content-Type, too many redirects, a parser limit): the reason is on stderr"})
final class ListenCommand implements Callable<Integer> {

    /** The exit status when the connection fails for good. */
    static final int FAILED = 3;

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The event stream (http or https).")
    private String url;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Adds a header to every request, or replaces one the EventSource sends (Accept, Cache-Control,"
                    + " Pragma); repeatable, as curl's -H.")
    private List<String> headers = new ArrayList<>();

    @Option(names = {"-X", "--method"}, paramLabel = "METHOD",
            description = "The request method (default GET, or POST with --data); sent again on every reconnect.")
    private String method;

    @Option(names = {"-d", "--data"}, paramLabel = "STRING",
            description = "The request body, sent with POST (unless -X says otherwise) and Content-Type: application/json"
                    + " (unless -H says otherwise), on every attempt: an LLM chat stream.")
    private String data;

    @Option(names = "--data-file", paramLabel = "FILE", description = "As --data, with the body read from FILE.")
    private Path dataFile;

    @Option(names = "--last-event-id", paramLabel = "ID",
            description = "Starts as if a stream had set this last event ID: the first request sends it as Last-Event-ID.")
    private String lastEventId;

    @Option(names = "--max-time", paramLabel = "SECONDS",
            description = "Stops after this many seconds (decimals allowed), exit 0.")
    private Double maxTime;

    @Option(names = "--max-events", paramLabel = "N", description = "Stops after N events, exit 0.")
    private Integer maxEvents;

    @Option(names = "--max-redirs", paramLabel = "N", defaultValue = "" + EventSource.DEFAULT_MAX_REDIRECTS,
            description = "Most redirects one attempt follows; one more fails for good (default: ${DEFAULT-VALUE}).")
    private int maxRedirects;

    @ArgGroup(exclusive = true)
    private Version version;

    static final class Version {
        @Option(names = "--http1.1", description = "Uses HTTP/1.1 only.")
        boolean http11;

        @Option(names = "--http2", description = "Asks for HTTP/2 (h2 over TLS, h2c upgrade over http; the default lets"
                + " the JDK negotiate, which is the same).")
        boolean http2;
    }

    @Option(names = "--read-timeout-ms", paramLabel = "MS", defaultValue = "0",
            description = "Drops a connection that sends nothing (comments count) for MS and reconnects; 0: never"
                    + " (default).")
    private long readTimeoutMs;

    @Override
    public Integer call() {
        EventSource.Builder b = builder();
        PrintWriter err = main.io().errWriter();
        EventJsonWriter json;
        try {
            json = new EventJsonWriter(main.io().out());
        } catch (IOException e) {
            throw CommandFailure.writeFailed("listen", e);
        }
        CompletableFuture<Integer> done = new CompletableFuture<>();
        AtomicInteger events = new AtomicInteger();
        b.onOpen(o -> {
            Map<String, Object> line = new LinkedHashMap<>();
            line.put("open", o.url().toString());
            line.put("httpVersion", httpVersion(o.httpVersion()));
            print(json, done, line);
        })
                .onEvent(e -> {
                    if (done.isDone()) {
                        return;
                    }
                    write(json, done, () -> json.onEvent(new ParsedEvent(e.type(), e.data(), e.lastEventId())));
                    if (maxEvents != null && events.incrementAndGet() >= maxEvents) {
                        done.complete(0);
                    }
                })
                .onRetry(d -> write(json, done, () -> json.onRetry(d.toMillis())))
                .onError(e -> {
                    Map<String, Object> line = new LinkedHashMap<>();
                    line.put("error", e.reason().name());
                    line.put("message", e.message());
                    if (e.status() != 0) {
                        line.put("status", e.status());
                    }
                    if (e.willReconnect()) {
                        line.put("reconnectInMs", e.reconnectDelay().toMillis());
                    } else {
                        line.put("closed", true);
                    }
                    print(json, done, line);
                    if (!e.willReconnect()) {
                        err.println("sse-kit listen: " + failure(e));
                        err.flush();
                        done.complete(FAILED);
                    }
                });
        EventSource es = b.build();
        try {
            es.start();
            return maxTime == null ? done.get() : done.get((long) (maxTime * 1000), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 1;
        } catch (ExecutionException e) {
            if (e.getCause() instanceof CommandFailure f) {
                throw f;
            }
            throw new IllegalStateException(e.getCause());
        } finally {
            es.close();
            json.flush();
        }
    }

    private static String failure(ErrorEvent e) {
        return e.message() + " (" + e.url() + ")" + (e.reason() == ErrorEvent.Reason.HTTP_STATUS && e.status() == 204
                ? "; 204 tells an EventSource to stop" : "");
    }

    private static String httpVersion(HttpClient.Version v) {
        return v == HttpClient.Version.HTTP_2 ? "HTTP/2" : "HTTP/1.1";
    }

    private static void print(EventJsonWriter json, CompletableFuture<Integer> done, Map<String, Object> line) {
        write(json, done, () -> json.onRecord(line));
    }

    /** Writes and flushes a line; a closed stdout ends the command (141 for a closed pipe, as | head makes). */
    private static void write(EventJsonWriter json, CompletableFuture<Integer> done, Runnable line) {
        if (done.isDone()) {
            return;
        }
        try {
            line.run();
            json.flush();
        } catch (UncheckedIOException e) {
            done.completeExceptionally(CommandFailure.writeFailed("listen", e.getCause()));
        }
    }

    /** The options, checked as check checks them (-H, -X, -d, --data-file through ClientOptions), as a builder. */
    private EventSource.Builder builder() {
        URI uri;
        try {
            uri = new URI(url);
        } catch (URISyntaxException e) {
            throw new ParameterException(spec.commandLine(), "URL: " + e.getMessage());
        }
        if (maxEvents != null && maxEvents <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-events must be a positive number, not " + maxEvents);
        }
        if (maxTime != null && !(maxTime > 0)) {
            throw new ParameterException(spec.commandLine(), "--max-time must be a positive number of seconds, not " + maxTime);
        }
        if (readTimeoutMs < 0) {
            throw new ParameterException(spec.commandLine(), "--read-timeout-ms must be 0 or more, not " + readTimeoutMs);
        }
        Map<String, String> given = CheckCommand.headerFields(spec, headers);
        if (given.containsValue("")) {
            throw new ParameterException(spec.commandLine(), "-H/--header: listen cannot remove a header ('Name:' with no value)");
        }
        if (data != null && dataFile != null) {
            throw new ParameterException(spec.commandLine(), "--data and --data-file name the body twice: give one");
        }
        byte[] body = data != null ? data.getBytes(StandardCharsets.UTF_8)
                : dataFile != null ? CheckCommand.readOption("listen", "--data-file", dataFile) : null;
        ClientOptions request;
        try {
            request = new ClientOptions(given, method, body, false, null, maxRedirects);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), (maxRedirects < 0 ? "--max-redirs: " : "-X/--method: ") + e.getMessage());
        }
        EventSource.Builder b;
        try {
            b = EventSource.builder(uri)
                    .method(request.streamMethod(), request.body())
                    .maxRedirects(request.maxRedirects())
                    .readTimeout(Duration.ofMillis(readTimeoutMs));
            if (body != null && given.keySet().stream().noneMatch("Content-Type"::equalsIgnoreCase)) {
                b.header("Content-Type", "application/json");
            }
            request.headers().forEach(b::header);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        if (lastEventId != null) {
            try {
                b.lastEventId(lastEventId);
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "--last-event-id: " + e.getMessage());
            }
        }
        if (version != null) {
            b.httpVersion(version.http11 ? HttpClient.Version.HTTP_1_1 : HttpClient.Version.HTTP_2);
        }
        return b;
    }
}
