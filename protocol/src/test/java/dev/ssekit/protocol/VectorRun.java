package dev.ssekit.protocol;

import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.Failure;
import dev.ssekit.spec.results.ConformanceReport;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.math.BigInteger;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/** Runs our parser over chunks and compares with a vector's expectation; shared by the vector runners. */
final class VectorRun {

    static final BigInteger LONG_MAX = BigInteger.valueOf(Long.MAX_VALUE);

    /** What the parser produced: events, the final reconnection time (-1 if never set), or the exception it threw. */
    record Result(List<ExpectedEvent> events, long retry, RuntimeException error) {

        String render() {
            if (error != null) {
                return "threw " + error;
            }
            return "events=" + events + (retry < 0 ? "" : ", retry=" + retry);
        }
    }

    private VectorRun() {
    }

    static Result parse(List<byte[]> chunks) {
        List<ExpectedEvent> events = new ArrayList<>();
        EventStreamParser parser = new EventStreamParser(
                e -> events.add(new ExpectedEvent(e.type(), e.data(), e.lastEventId())));
        try {
            for (byte[] c : chunks) {
                parser.feed(c);
            }
            parser.end();
        } catch (RuntimeException e) {
            return new Result(events, parser.reconnectionTime(), e);
        }
        return new Result(events, parser.reconnectionTime(), null);
    }

    /** A runner whose integers are 64-bit saturates retry values above Long.MAX_VALUE (spec/README.md). */
    static long saturate(BigInteger retry) {
        return retry == null ? -1 : retry.min(LONG_MAX).longValueExact();
    }

    static String render(List<ExpectedEvent> events, BigInteger retry) {
        return "events=" + events + (retry == null ? "" : ", retry=" + saturate(retry));
    }

    static boolean matches(Result r, List<ExpectedEvent> events, BigInteger retry) {
        return r.error() == null && r.events().equals(events) && r.retry() == saturate(retry);
    }

    /** Records the vector's outcome and throws the h2spec-style failure when it does not match. */
    static void check(String vectorId, String mode, List<String> requirements, String expected, String actual,
            boolean ok, long startNanos) {
        double ms = (System.nanoTime() - startNanos) / 1e6;
        ConformanceReport report = ConformanceReport.current();
        String message = ok ? null : Failure.format(requirements, vectorId + " (" + mode + ")", expected, actual);
        if (report != null) {
            report.record(new ResultEntry(vectorId, ResultEntry.VECTOR, requirements,
                    ok ? Outcome.PASS : Outcome.ofFailure(requirements), expected, ok ? expected : actual,
                    message, ms));
        }
        if (!ok) {
            throw new AssertionFailedError(message);
        }
    }

    static String ids(List<String> requirements) {
        return requirements.stream().collect(Collectors.joining(",", "[", "]"));
    }
}
