package dev.ssekit.cli;

import dev.ssekit.conformance.CaptureBound;
import dev.ssekit.conformance.CheckOptions;
import dev.ssekit.conformance.CheckRunner;
import dev.ssekit.conformance.ClientOptions;
import dev.ssekit.conformance.HttpVersion;
import dev.ssekit.conformance.ConformanceCheck;
import dev.ssekit.conformance.Offer;
import dev.ssekit.conformance.SuiteSettings;
import dev.ssekit.conformance.Target;
import dev.ssekit.conformance.TargetUnreachableException;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.io.InputStream;
import java.io.PrintWriter;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;
import picocli.CommandLine.Spec;

/** Checks any Server-Sent Events endpoint: the generic checks, then every stream vector that applies to it. */
@Command(name = "check",
        sortOptions = false,
        header = "Check an SSE server: generic checks, then every stream vector that applies.",
        description = {
            "Reads the event stream at URL as a browser does and reports, case by case,",
            "what it gets right and wrong: status and Content-Type, UTF-8, flushing, ids",
            "and resume with Last-Event-ID, heartbeats, how the stream ends, and (when",
            "the document it carries is known) whether every newline, space and emoji",
            "arrives whole. URL is the stream (http://host:3000/api/sse) or the server's",
            "base (http://host:3000). Vectors that need the kit's /api/sse contract",
            "(doc=probe, /api/stats, /api/feed) are not-applicable, with the reason,",
            "when the server does not offer it. A failure prints the requirement, then",
            "Expected and Actual. Results go to DIR/NAME.json (sse-kit-results/1).",
            "When the answer is not an event stream (nothing, not HTTP, another status",
            "or Content-Type), only the status and Content-Type cases judge it; the",
            "others are not-run, saying why. Each response is kept up to --max-capture",
            "bytes and --max-events events: a stream that goes past either is cut",
            "there, reported as cut, and judged as a prefix (a case that needs its end",
            "or the whole document is then not-run). A stream the reader gave up on",
            "before it ended is judged as a prefix too: what arrived can fail, what did",
            "not is not-run, saying how long to wait (--timeout-ms, --pace-ms). Each case",
            "has a time budget (3 x --timeout-ms + 15 s); one that runs out is not-run,",
            "and long cases print their progress to stderr.",
            "%nEach request is what Chromium's EventSource sends (Accept:",
            "text/event-stream, Cache-Control: no-cache, Pragma: no-cache, a kept-alive",
            "connection; User-Agent: sse-kit-check); -H adds to it or overrides it, as",
            "curl's -H does. Redirects are followed as EventSource follows them (301,",
            "302, 303, 307, 308; 303 turns into a GET), up to --max-redirs, and the",
            "final URL is reported. With --data or --method the stream at URL is read",
            "with that request (POST streams: LLM chat APIs, MCP's streamable HTTP);",
            "the kit's /api/... paths keep their own requests."},
        footerHeading = "%nExit status:%n",
        footer = {"  0  no MUST failed (non-strict, info and not-applicable cases may be reported)",
                "  1  some case failed a MUST (or, with --strict, a SHOULD)",
                "  2  bad usage (the message names the option), an unreadable --document,",
                "     --data-file or --cacert, or nothing answers at URL"})
final class CheckCommand implements Callable<Integer> {

    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");

    @ParentCommand
    private Main main;

    @Spec
    private CommandSpec spec;

    @Parameters(index = "0", paramLabel = "URL", description = "The event stream or the server's base (http or https).")
    private String url;

    @Option(names = "--name", paramLabel = "N",
            description = "Subject name: the results file is DIR/N.json (default: host-port, e.g. 127.0.0.1-3000).")
    private String name;

    @Option(names = "--timeout-ms", paramLabel = "T", defaultValue = "" + CheckOptions.DEFAULT_TIMEOUT_MS,
            description = "Bound of every read, in ms: a stream still open then counts as not ended (default: ${DEFAULT-VALUE}).")
    private long timeoutMs;

    @Option(names = "--out", paramLabel = "DIR", defaultValue = "target/conformance",
            description = "Folder of the results file (default: ${DEFAULT-VALUE}).")
    private Path out;

    @Option(names = "--document", paramLabel = "FILE",
            description = "The text the stream carries (UTF-8), for the check/document cases: every piece must arrive whole.")
    private Path document;

    @Option(names = "--max-capture", paramLabel = "BYTES", defaultValue = "16M",
            description = "Most of each response kept for judging: body bytes plus the text of its events, in bytes or"
                    + " with a suffix as curl's --max-filesize takes it (512K, 16M, 1G; at most 1G). A stream that"
                    + " reaches it is cut there (default: ${DEFAULT-VALUE}).")
    private String maxCapture;

    @Option(names = "--max-events", paramLabel = "N", defaultValue = "" + CaptureBound.DEFAULT_MAX_EVENTS,
            description = "Most events, comment lines and retry fields kept of each response; a stream that reaches it"
                    + " is cut there (default: ${DEFAULT-VALUE}).")
    private int maxEvents;

    @Option(names = "--event", paramLabel = "TYPE",
            description = "The event type the page listens for (addEventListener(TYPE, ...); the tutorial's page: lol):"
                    + " check/generic/event-type fails when no event has it, since such a page shows nothing.")
    private String eventType;

    @Option(names = "--pace-ms", paramLabel = "MS", defaultValue = "0",
            description = "How often the stream sends an event, for a stream whose pace the interval parameter does not"
                    + " set: with --document, the read waits for every piece at that pace instead of --timeout-ms"
                    + " (default: found out where interval=0 is honoured, else unknown).")
    private long paceMs;

    @Option(names = "--suite-config",
            description = "The server runs with the suite's settings (publish token " + SuiteSettings.PUBLISH_TOKEN
                    + ", heartbeat " + SuiteSettings.HEARTBEAT_MS + " ms, backlog " + SuiteSettings.BACKLOG_BYTES
                    + " bytes, replay " + SuiteSettings.REPLAY_CAPACITY + ", one allowed origin), so the vectors that need them apply.")
    private boolean suiteConfig;

    @Option(names = {"-H", "--header"}, paramLabel = "'NAME: VALUE'",
            description = "Adds a header to every request, or replaces one the check sends (repeatable, as curl's -H);"
                    + " 'NAME:' with nothing after the colon removes it.")
    private List<String> headers = new ArrayList<>();

    @Option(names = {"-X", "--method"}, paramLabel = "METHOD",
            description = "The method of the stream request (default GET, or POST with --data).")
    private String method;

    @Option(names = {"-d", "--data"}, paramLabel = "STRING",
            description = "The body of the stream request, sent with POST (unless -X says otherwise) and Content-Type:"
                    + " application/json (unless -H says otherwise), as a chat API or MCP's streamable HTTP wants it.")
    private String data;

    @Option(names = "--data-file", paramLabel = "FILE", description = "As --data, with the body read from FILE.")
    private Path dataFile;

    @Option(names = {"-k", "--insecure"}, description = "https: accept any certificate and any host name.")
    private boolean insecure;

    @Option(names = "--cacert", paramLabel = "FILE",
            description = "https: trust the PEM certificates in FILE (instead of the JDK's), e.g. a self-signed one.")
    private Path cacert;

    @Option(names = "--http1.1", description = "Speak HTTP/1.1 only (over https, ALPN offers http/1.1 alone).")
    private boolean http11;

    @Option(names = {"--http2", "--http2-prior-knowledge"}, description = "Speak HTTP/2 only: over https, ALPN offers"
            + " h2 alone; over http, h2c with prior knowledge (curl's --http2-prior-knowledge). Default: https offers h2"
            + " and http/1.1 and speaks what the server picks; http speaks HTTP/1.1.")
    private boolean http2;

    @Option(names = "--max-redirs", paramLabel = "N", defaultValue = "" + ClientOptions.DEFAULT_MAX_REDIRECTS,
            description = "Most redirects one request follows, as fetch's limit (default: ${DEFAULT-VALUE}; 0 follows"
                    + " none and judges the redirect itself).")
    private int maxRedirects;

    @Option(names = "--run", paramLabel = "REGEX",
            description = "Runs only the cases whose ID contains a match (e.g. 'check/generic' or '^stream/api/');"
                    + " the others are listed as not-run, \"not selected by --run\".")
    private String run;

    @Option(names = "--skip", paramLabel = "REGEX",
            description = "Does not run the cases whose ID contains a match; they are listed as not-run, \"skipped by"
                    + " --skip\".")
    private String skip;

    @Option(names = "--junit", paramLabel = "FILE",
            description = "Also writes the results as JUnit XML to FILE, for CI: one testcase per case, a failure's"
                    + " text as printed here, not-run and not-applicable cases skipped with the reason.")
    private Path junit;

    @Option(names = "--strict", description = "A SHOULD failure (non-strict) fails the run too: exit 1, and a failure in --junit.")
    private boolean strict;

    @Override
    public Integer call() {
        if (timeoutMs <= 0) {
            throw new ParameterException(spec.commandLine(), "--timeout-ms must be a positive number of milliseconds, not " + timeoutMs);
        }
        Target target;
        try {
            target = Target.of(url);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), e.getMessage());
        }
        String subject = name != null ? name : target.defaultName();
        if (!NAME.matcher(subject).matches()) {
            throw new ParameterException(spec.commandLine(), "--name must be letters, digits, '.', '_' or '-', not " + subject);
        }
        if (paceMs < 0) {
            throw new ParameterException(spec.commandLine(), "--pace-ms must be a number of milliseconds, not " + paceMs);
        }
        if (eventType != null && (eventType.isEmpty() || eventType.chars().anyMatch(ch -> ch == '\r' || ch == '\n'))) {
            throw new ParameterException(spec.commandLine(), "--event must be a non-empty event type on one line");
        }
        CaptureBound bound = captureBound();
        Pattern runOnly = regex("--run", run);
        Pattern skipping = regex("--skip", skip);
        target = target.withClient(clientOptions());
        String doc = document == null ? null : readDocument(document);

        PrintWriter o = main.io().outWriter();
        PrintWriter err = main.io().errWriter();
        CheckRunner runner;
        try {
            runner = CheckRunner.prepare(CheckOptions.external(target, timeoutMs, doc).withCapture(bound)
                    .withOffered(suiteConfig ? Set.of(Offer.SUITE_SETTINGS) : Set.of())
                    .withEventType(eventType).withPaceMs(paceMs));
        } catch (TargetUnreachableException e) {
            throw new CommandFailure(2, "sse-kit check: " + e.getMessage());
        }
        ConformanceReport report = ConformanceReport.of(subject);
        report.meta("generator", "sse-kit check");
        runner.meta().forEach(report::meta);

        o.println("sse-kit check " + target.streamUrl() + " (subject " + subject + ", timeout " + timeoutMs
                + " ms, capture bound " + bound + ")");
        runner.notes().forEach((k, v) -> o.println("  " + k + ": " + v));
        o.println("  stream checked: " + target.url(runner.streamPath()));
        o.println("  protocol: " + runner.protocol());
        ClientOptions client = target.client();
        if (client.customStreamRequest()) {
            byte[] body = client.body();
            o.println("  stream request: " + client.streamMethod() + (body == null ? "" : " with a body of " + body.length + " bytes"));
        }
        if (!client.headers().isEmpty()) {
            o.println("  headers given: " + String.join(", ", client.headers().keySet()));
        }
        o.println();
        o.flush();

        List<ConformanceCheck> checks = runner.checks();
        Map<Outcome, Integer> counts = new EnumMap<>(Outcome.class);
        List<ResultEntry> entries = new ArrayList<>();
        int width = String.valueOf(checks.size()).length();
        for (int i = 0; i < checks.size(); i++) {
            ConformanceCheck c = checks.get(i);
            String progress = String.format("[%" + width + "d/%d]", i + 1, checks.size());
            ResultEntry e;
            if (runOnly != null && !runOnly.matcher(c.id()).find()) {
                e = c.skipped("not selected by --run " + run);
            } else if (skipping != null && skipping.matcher(c.id()).find()) {
                e = c.skipped("skipped by --skip " + skip);
            } else {
                err.println(progress + " " + c.id() + " ...");
                err.flush();
                e = c.run((cc, message) -> {
                    err.println(progress + " " + cc.id() + ": " + message);
                    err.flush();
                });
            }
            entries.add(e);
            report.record(e);
            counts.merge(e.outcome(), 1, Integer::sum);
            o.printf("%s %-14s [%s] %s%n", progress, e.outcome().word(), c.id(), c.description());
            if (e.detail() != null && e.outcome() != Outcome.PASS) {
                o.println(indent(e.detail()));
            }
            o.flush();
        }
        o.println();
        o.println(summary(counts));
        List<String> redirects = runner.redirects();
        if (!redirects.isEmpty()) {
            String finalUrl = runner.finalStreamUrl();
            report.meta("finalUrl", finalUrl);
            report.meta("redirects", String.join("; ", redirects));
            o.println("redirects followed: " + redirects.size() + " (--max-redirs " + maxRedirects + "); the stream's final URL: "
                    + finalUrl);
            redirects.forEach(r -> o.println("  " + r));
        }
        String cut = runner.streamCut();
        if (cut != null) {
            report.meta("streamCut", cut);
            o.println("note: the stream was " + cut + "; what arrived was judged as a prefix"
                    + " (--max-capture and --max-events raise the bound)");
        }
        String early = runner.streamCutByDeadline();
        if (early != null) {
            report.meta("streamCutByDeadline", early);
            o.println("note: " + early + "; what arrived was judged as a prefix");
        }
        Path written;
        try {
            written = report.writeTo(out);
        } catch (UncheckedIOException e) {
            throw new CommandFailure(2, "sse-kit check: " + e.getMessage());
        }
        o.println("results: " + written);
        if (junit != null) {
            try {
                JUnitReport.write(junit, subject, entries, strict);
            } catch (IOException e) {
                throw new CommandFailure(2, "sse-kit check: --junit " + junit + ": cannot write: " + e.getMessage());
            }
            o.println("junit: " + junit);
        }
        o.flush();
        boolean failed = counts.getOrDefault(Outcome.FAIL, 0) > 0 || strict && counts.getOrDefault(Outcome.NON_STRICT, 0) > 0;
        return failed ? 1 : 0;
    }

    /** A --run or --skip pattern; null when not given. */
    private Pattern regex(String option, String value) {
        if (value == null) {
            return null;
        }
        try {
            return Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new ParameterException(spec.commandLine(), option + " is not a regular expression: " + value + " ("
                    + e.getDescription() + " at index " + e.getIndex() + ")");
        }
    }

    /** -H, -X, -d, --data-file, -k, --cacert, --http1.1, --http2 and --max-redirs, checked; a bad value exits 2 naming its option. */
    private ClientOptions clientOptions() {
        Map<String, String> given = headerFields(spec, headers);
        if (data != null && dataFile != null) {
            throw new ParameterException(spec.commandLine(), "--data and --data-file name the body twice: give one");
        }
        byte[] body = data != null ? data.getBytes(StandardCharsets.UTF_8) : dataFile != null ? readOption("--data-file", dataFile) : null;
        if (maxRedirects < 0) {
            throw new ParameterException(spec.commandLine(), "--max-redirs must be 0 or more, not " + maxRedirects);
        }
        if (cacert != null) {
            readOption("--cacert", cacert);
            try {
                ClientOptions.trustStore(cacert);
            } catch (IOException e) {
                throw new CommandFailure(2, "sse-kit check: --cacert: " + e.getMessage());
            }
        }
        if (http11 && http2) {
            throw new ParameterException(spec.commandLine(), "--http1.1 and --http2 contradict each other: give one");
        }
        try {
            return new ClientOptions(given, method, body, insecure, cacert, maxRedirects)
                    .withHttpVersion(http2 ? HttpVersion.HTTP_2 : http11 ? HttpVersion.HTTP_1_1 : HttpVersion.AUTO);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(spec.commandLine(), "-X/--method: " + e.getMessage());
        }
    }

    /** -H values as curl takes them: a later one replaces an earlier one of the same name; a bad one exits 2. */
    static Map<String, String> headerFields(CommandSpec spec, List<String> headers) {
        Map<String, String> given = new LinkedHashMap<>();
        for (String h : headers) {
            try {
                Map.Entry<String, String> e = ClientOptions.parseHeader(h);
                given.keySet().removeIf(k -> k.equalsIgnoreCase(e.getKey()));
                given.put(e.getKey(), e.getValue());
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), "-H/--header: " + e.getMessage());
            }
        }
        return given;
    }

    private static byte[] readOption(String option, Path file) {
        return readOption("check", option, file);
    }

    /** The bytes of a file an option names; exits 2 naming the option when it cannot be read. */
    static byte[] readOption(String command, String option, Path file) {
        String why;
        try {
            if (Files.isDirectory(file)) {
                why = "is a directory";
            } else {
                return Files.readAllBytes(file);
            }
        } catch (NoSuchFileException e) {
            why = "no such file";
        } catch (AccessDeniedException e) {
            why = "permission denied";
        } catch (IOException e) {
            why = String.valueOf(e.getMessage());
        }
        throw new CommandFailure(2, "sse-kit " + command + ": " + option + ": cannot read " + file + ": " + why);
    }

    private CaptureBound captureBound() {
        long bytes = parseBytes(maxCapture);
        if (bytes <= 0 || bytes > CaptureBound.LIMIT_MAX_BYTES) {
            throw new ParameterException(spec.commandLine(), "--max-capture must be a number of bytes, or one with K, M or G"
                    + " after it (512K, 16M), from 1 to 1G; not " + maxCapture);
        }
        if (maxEvents <= 0) {
            throw new ParameterException(spec.commandLine(), "--max-events must be a positive number, not " + maxEvents);
        }
        return new CaptureBound(bytes, maxEvents);
    }

    /** {@code 1048576}, {@code 512K}, {@code 16M}, {@code 1G} (binary multiples, as curl reads them); -1 when malformed. */
    static long parseBytes(String text) {
        if (!text.matches("[0-9]{1,10}[KkMmGg]?")) {
            return -1;
        }
        char unit = Character.toUpperCase(text.charAt(text.length() - 1));
        int shift = switch (unit) {
            case 'K' -> 10;
            case 'M' -> 20;
            case 'G' -> 30;
            default -> 0;
        };
        long n = Long.parseLong(shift == 0 ? text : text.substring(0, text.length() - 1));
        return n > Long.MAX_VALUE >> shift ? Long.MAX_VALUE : n << shift;
    }

    /** {@code N pass, N fail, N non-strict, N info, N not-applicable} (and not-run when any). */
    static String summary(Map<Outcome, Integer> counts) {
        StringBuilder b = new StringBuilder();
        for (Outcome o : List.of(Outcome.PASS, Outcome.FAIL, Outcome.NON_STRICT, Outcome.INFO, Outcome.NOT_APPLICABLE)) {
            if (b.length() > 0) {
                b.append(", ");
            }
            b.append(counts.getOrDefault(o, 0)).append(' ').append(o.word());
        }
        for (Outcome o : List.of(Outcome.NOT_RUN, Outcome.UNTESTABLE)) {
            if (counts.getOrDefault(o, 0) > 0) {
                b.append(", ").append(counts.get(o)).append(' ').append(o.word());
            }
        }
        return b.toString();
    }

    private static String indent(String text) {
        return "    " + text.replace("\n", "\n    ");
    }

    private String readDocument(Path file) {
        InputSource source = new InputSource("check", file.toString());
        try (InputStream in = source.open(main.io().in())) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw source.readFailure(e);
        }
    }
}
