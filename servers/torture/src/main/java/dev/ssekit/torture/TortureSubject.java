package dev.ssekit.torture;

import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * A server put to the torture vectors, and what it offers beyond a plain HTTP/1.1 port (the vectors' {@code needs}).
 * Immutable; the {@code with*} methods return changed copies.
 *
 * @param name the subject's name in progress lines and results
 * @param host where it listens
 * @param port where it listens
 * @param contract it serves the kit's routes ({@code /}, {@code /api/sse}, {@code /api/feed}, {@code /api/stats}, {@code /api/info})
 * @param publishToken the bearer token of {@code POST /api/feed}; null when unknown
 * @param stats it answers {@code GET /api/stats} with the kit's counters
 * @param requestDeadlineMs the request deadline it promises (API-030); 0 when it declares none
 * @param docsFile the path of a large file under {@code /docs/}; null when none
 * @param memoryProbe the server's memory in bytes after a garbage collection (subjects in the runner's JVM); null when unknown
 * @param childServer starts the same server in a child process with fewer file descriptors; null when it cannot
 */
public record TortureSubject(String name, String host, int port, boolean contract, String publishToken, boolean stats,
        long requestDeadlineMs, String docsFile, LongSupplier memoryProbe, ChildServer.Launcher childServer) {

    public TortureSubject {
        if (port <= 0 || port > 65535) {
            throw new IllegalArgumentException("port must be 1..65535, got " + port);
        }
        if (requestDeadlineMs < 0) {
            throw new IllegalArgumentException("requestDeadlineMs must be >= 0, got " + requestDeadlineMs);
        }
        if (docsFile != null && !docsFile.startsWith("/docs/")) {
            throw new IllegalArgumentException("docsFile must be a path under /docs/, got " + docsFile);
        }
    }

    /** Any HTTP/1.1 server: only the vectors that need nothing apply. */
    public static TortureSubject at(String name, String host, int port) {
        return new TortureSubject(name, host, port, false, null, false, 0, null, null, null);
    }

    public TortureSubject withContract(boolean v) {
        return new TortureSubject(name, host, port, v, publishToken, stats, requestDeadlineMs, docsFile, memoryProbe, childServer);
    }

    public TortureSubject withPublishToken(String v) {
        return new TortureSubject(name, host, port, contract, v, stats, requestDeadlineMs, docsFile, memoryProbe, childServer);
    }

    public TortureSubject withStats(boolean v) {
        return new TortureSubject(name, host, port, contract, publishToken, v, requestDeadlineMs, docsFile, memoryProbe, childServer);
    }

    public TortureSubject withRequestDeadlineMs(long v) {
        return new TortureSubject(name, host, port, contract, publishToken, stats, v, docsFile, memoryProbe, childServer);
    }

    public TortureSubject withDocsFile(String v) {
        return new TortureSubject(name, host, port, contract, publishToken, stats, requestDeadlineMs, v, memoryProbe, childServer);
    }

    public TortureSubject withMemoryProbe(LongSupplier v) {
        return new TortureSubject(name, host, port, contract, publishToken, stats, requestDeadlineMs, docsFile, v, childServer);
    }

    public TortureSubject withChildServer(ChildServer.Launcher v) {
        return new TortureSubject(name, host, port, contract, publishToken, stats, requestDeadlineMs, docsFile, memoryProbe, v);
    }

    /** {@code host:port}, as the Host header names it. */
    public String authority() {
        return (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
    }

    /** The same offers, listening elsewhere (a child server). */
    TortureSubject at(String otherHost, int otherPort) {
        return new TortureSubject(name, otherHost, otherPort, contract, publishToken, stats, requestDeadlineMs, docsFile,
                memoryProbe, childServer);
    }

    /** What the subject lacks of {@code needs}, one phrase each; empty when the vector applies. */
    public List<String> missing(List<String> needs) {
        List<String> out = new ArrayList<>();
        for (String n : needs) {
            String why = switch (n) {
                case "contract" -> contract ? null : "the kit's routes (/, /api/sse, /api/feed, /api/stats, /api/info)";
                case "publish" -> publishToken != null ? null : "a publish token for POST /api/feed";
                case "stats" -> stats ? null : "the kit's counters at GET /api/stats";
                case "deadline" -> requestDeadlineMs > 0 ? null
                        : "a request deadline (API-030): the subject declares none, so when it must close cannot be judged";
                case "docsFile" -> docsFile != null ? null : "a large file under /docs/";
                case "memory" -> memoryProbe != null ? null
                        : "a reading of the server's memory (offered by subjects that run in the runner's JVM)";
                case "childServer" -> childServer != null ? null
                        : "a way to start the server in a child process with fewer file descriptors";
                default -> "\"" + n + "\", which this runner does not know";
            };
            if (why != null) {
                out.add(why);
            }
        }
        return out;
    }

    /** What it offers, for the results file's meta. */
    String offers() {
        List<String> o = new ArrayList<>();
        if (contract) {
            o.add("contract");
        }
        if (publishToken != null) {
            o.add("publish");
        }
        if (stats) {
            o.add("stats");
        }
        if (requestDeadlineMs > 0) {
            o.add("deadline " + requestDeadlineMs + " ms");
        }
        if (docsFile != null) {
            o.add("docsFile " + docsFile);
        }
        if (memoryProbe != null) {
            o.add("memory");
        }
        if (childServer != null) {
            o.add("childServer");
        }
        return String.join(", ", o);
    }
}
