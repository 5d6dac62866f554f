package dev.ssekit.bench.load;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.annotation.JsonUnwrapped;
import com.fasterxml.jackson.annotation.JsonValue;
import java.util.List;
import java.util.Map;
import org.HdrHistogram.Histogram;

/**
 * The server benchmark's results, one record per scenario, as {@code servers.json} carries them: Jackson writes each
 * record's components in order, so the order here is the file's (the docs and the compare report read the file). A
 * component marked {@code NON_NULL} is left out of the file when it does not apply.
 */
public final class BenchResults {

    private BenchResults() {
    }

    /** A scenario's outcome: its result, a status alone (skipped, not-applicable), or a set-up that failed. */
    public sealed interface Scenario permits Status, NotApplicable, Failed, FanoutResult, StreamResult, ChurnResult, HoldResult,
            Latency1Result, OverloadResult {
    }

    /** What a subject's entry in {@code subjects} is: its runs, a status alone, or why it did not run. */
    public sealed interface SubjectResult permits SubjectRun, Status, NotRun {
    }

    /** The fan-out entry: one result per subscriber count, or a status alone. */
    public sealed interface Fanouts permits FanoutSizes, Status, NotApplicable {
    }

    /** What a scenario set up before it could fail; written before the failure. */
    public sealed interface Setup permits FanoutSetup, Latency1Setup, OverloadSetup {
    }

    /** {@code {"status": ...}} and nothing else. */
    public record Status(String status) implements Scenario, SubjectResult, Fanouts {
        public static final Status SKIPPED = new Status("skipped");
        public static final Status NOT_APPLICABLE = new Status("not-applicable");
    }

    /** {@code not-applicable} with the subject's reason (a framework subject has no broadcast feed). */
    public record NotApplicable(String status, String reason) implements Scenario, Fanouts {
        public NotApplicable(String reason) {
            this("not-applicable", reason);
        }
    }

    /** A scenario that could not get going, e.g. its subscribers were not established. */
    public record Failed(@JsonUnwrapped Setup setup, String status, String error) implements Scenario {
        public Failed(Setup setup, String error) {
            this(setup, "error", error);
        }
    }

    /** A latency histogram in milliseconds (-1 when it is empty). */
    public record LatencySummary(long count, double p50Ms, double p99Ms, double p999Ms, double maxMs) {
        public static LatencySummary of(Histogram h) {
            return new LatencySummary(h.getTotalCount(), ms(h, 50), ms(h, 99), ms(h, 99.9),
                    h.getTotalCount() == 0 ? -1 : h.getMaxValue() / 1000.0);
        }

        /** A percentile of a histogram of microseconds, in milliseconds; -1 when it is empty. */
        public static double ms(Histogram h, double percentile) {
            return h.getTotalCount() == 0 ? -1 : h.getValueAtPercentile(percentile) / 1000.0;
        }
    }

    /** Whether child processes share this process's monotonic clock (cross-process latency needs it). */
    public record ClockCheck(boolean sharedMonotonicClock, int checks, long worstRoundTripMicros) {
    }

    // ---- fan-out ----

    public record FanoutSetup(int subscribers, double p99BoundMs, String client,
            @JsonInclude(JsonInclude.Include.NON_NULL) ClockCheck clock) implements Setup {
    }

    /**
     * One rate step of a fan-out ramp; {@code kind} is {@code doubling} (a planned step) or {@code bisection} (a probe
     * inside the bracket), absent in files written before bisection.
     */
    public record FanoutStep(long rate, long planned, long published, long offered, long delivered, long deliveredPerSec,
            int subscribersLost, LatencySummary latency, boolean sustained, double clientThreadCpu, long gcMillis,
            @JsonInclude(JsonInclude.Include.NON_NULL) Boolean retried,
            @JsonInclude(JsonInclude.Include.NON_NULL) String kind) {
    }

    /** The rates the search ended between: the highest sustained, the lowest not sustained. */
    public record Bracket(long sustainedRate, long notSustainedRate) {
    }

    /**
     * {@code atMax} is the latency of the best sustained step, null when none was sustained; {@code bracket} where the
     * search ended, left out when the doubling steps found none (nothing sustained, or every planned rate was).
     */
    public record FanoutResult(@JsonUnwrapped FanoutSetup setup, List<FanoutStep> steps, int subscribersAtEnd,
            long minEventsPerSubscriber, long maxEventsPerSubscriber, String status, long maxSustainedDeliveredPerSec,
            LatencySummary atMax, long peakDeliveredPerSec, @JsonInclude(JsonInclude.Include.NON_NULL) Bracket bracket)
            implements Scenario {
    }

    /** Fan-out results by subscriber count ({@code "200"}, {@code "1000"}). */
    public record FanoutSizes(Map<String, Scenario> bySubscribers) implements Fanouts {
        @JsonValue
        Map<String, Scenario> json() {
            return bySubscribers;
        }
    }

    // ---- stream, churn, hold ----

    public record StreamResult(String status, int clients, String path, double seconds, long events, long eventsPerSec,
            int streamsCompleted, int streamsFailed, LatencySummary timeToFirstEvent) implements Scenario {
    }

    /** The two probe fields appear only when streams were still counted after the settle time. */
    public record ChurnResult(long connectionsOpened, int established, int failed,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer activeStreamsBeforeProbe,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer activeStreamsAfterOneBroadcast, String status, double rate,
            double seconds, int activeStreamsAfter, int scheduledTasksAfter, double settleMs, long heapAfterGcBefore,
            long heapAfterGcAfter, long heapGrowth, long heapMargin, boolean returnedToZero) implements Scenario {
    }

    /**
     * {@code stoppedBy} says why the ramp ended early, when it did; {@code path} is the stream held when the mode chose
     * one (the {@code frameworks} mode), left out when it is the subject's feed.
     */
    public record HoldResult(int target, String client, @JsonInclude(JsonInclude.Include.NON_NULL) ClockCheck clock,
            String status, int streams, @JsonInclude(JsonInclude.Include.NON_NULL) String stoppedBy, int serverActive,
            double rampSeconds, long heapBaselineBytes, long heapBaselineSpreadBytes, long heapWithStreamsBytes,
            long heapPerConnBytes, long rssPerConnBytes, long serverFdsBefore, long serverFdsWithStreams, long serverMaxFds,
            String note, int activeAfterAbort, double abortSettleSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) String path) implements Scenario {
    }

    // ---- latency1 ----

    public record Latency1Setup(String client, @JsonInclude(JsonInclude.Include.NON_NULL) ClockCheck clock)
            implements Setup {
    }

    /** The ratio to the ceiling's p99 is set once the ceiling was measured in the same run. */
    public record Latency1Result(@JsonUnwrapped Latency1Setup setup, String status, long rate, double seconds,
            long published, long received, int lost, LatencySummary latency,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double p99RatioToCeiling,
            @JsonInclude(JsonInclude.Include.NON_NULL) Double targetRatio) implements Scenario {

        Latency1Result withRatio(double ratio, double target) {
            return new Latency1Result(setup, status, rate, seconds, published, received, lost, latency, ratio, target);
        }
    }

    // ---- overload ----

    public record OverloadSetup(int subscribers, long rate, String rateSource, double seconds, String client)
            implements Setup {
    }

    public record PublishCalls(long calls, double p50Ms, double p99Ms, double maxMs) {
    }

    public record AcceptProbes(int probes, int failed, LatencySummary connect, LatencySummary firstByte) {
    }

    /**
     * {@code outcome} is {@code graceful} or {@code collapsed}, with the {@code reasons}; the server's own counters
     * before and after are its {@code GET /api/stats} (null for a server without one), and the drop counts are their
     * difference when both have them.
     */
    public record OverloadResult(@JsonUnwrapped OverloadSetup setup, String status, String outcome, List<String> reasons,
            long planned, long published, long offered, long delivered, long deliveredPerSec, int subscribersLost,
            int activeStreamsAfter, PublishCalls publishCall, AcceptProbes acceptProbes, long gcMillis, double gcShare,
            long worstGcMillisInOneSecond, long heapAfterGcBeforeBytes, long heapAfterGcAtEndBytes,
            long heapAfterGcDrainedBytes, long heapGrowthBytes, long heapBoundBytes, long peakHeapUsedBytes,
            Map<String, Object> serverStatsBefore, Map<String, Object> serverStatsAfter,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long slowClientsDropped,
            @JsonInclude(JsonInclude.Include.NON_NULL) Long eventsDroppedForSlowClients) implements Scenario {

        public boolean graceful() {
            return "graceful".equals(outcome);
        }
    }

    // ---- a subject, the run ----

    /**
     * One subject's scenarios; {@code seconds} is left out for a subject that ran one scenario only (Express).
     *
     * <p>Written by a run of several rounds, each scenario's entry is the full result of its median round (the round
     * whose headline figure is the median, the lower middle one for an even count), {@code summary} gives each
     * headline figure's median, min and max over the rounds, and {@code rounds} holds every round's own entry, each
     * with its {@code loadAverage} before and after each scenario. A run of one round writes the round itself, with its
     * {@code loadAverage} and {@code summary}. Files written before rounds have none of the three: one round.
     */
    public record SubjectRun(String baseUrl, Fanouts fanout, Scenario stream, Scenario churn, Scenario hold,
            Scenario latency1, Scenario overload, @JsonInclude(JsonInclude.Include.NON_NULL) Double seconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, LoadSample> loadAverage,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Spread> summary,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<SubjectRun> rounds)
            implements SubjectResult {

        public SubjectRun(String baseUrl, Fanouts fanout, Scenario stream, Scenario churn, Scenario hold, Scenario latency1,
                Scenario overload, Double seconds) {
            this(baseUrl, fanout, stream, churn, hold, latency1, overload, seconds, null, null, null);
        }

        SubjectRun withLatency1(Scenario s) {
            return new SubjectRun(baseUrl, fanout, stream, churn, hold, s, overload, seconds, loadAverage, summary, rounds);
        }

        SubjectRun withSummary(Map<String, Spread> s) {
            return new SubjectRun(baseUrl, fanout, stream, churn, hold, latency1, overload, seconds, loadAverage, s, rounds);
        }

        /** The fan-out results by subscriber count; empty when there are none. */
        public Map<String, Scenario> fanouts() {
            return fanout instanceof FanoutSizes f ? f.bySubscribers() : Map.of();
        }
    }

    /**
     * A headline figure over the rounds: the median (the mean of the middle two for an even count), min and max of the
     * rounds that measured it, and each round's value in order (null where a round did not measure it); for overload
     * also each round's outcome.
     */
    public record Spread(double median, double min, double max, List<Double> perRound,
            @JsonInclude(JsonInclude.Include.NON_NULL) List<String> outcomes) {
    }

    /** {@code /proc/loadavg} as read just before and just after one scenario of one round. */
    public record LoadSample(String before, String after) {
    }

    /**
     * The 1-minute load average over every scenario start and end of the run, and how many scenarios started above
     * {@code warnAbove} (each printed a warning).
     */
    public record LoadRange(double oneMinuteMin, double oneMinuteMax, double warnAbove, int startsAboveWarning) {
    }

    /** A subject that could not run here, and why. */
    public record NotRun(String status, String reason) implements SubjectResult {
        public NotRun(String reason) {
            this("not-run", reason);
        }
    }

    /** The machine the figures come from. {@code loadAverageAtStart} is left out where the OS does not tell. */
    public record Machine(int cores, long memoryBytes, long maxHeapBytes, String jdk, List<String> jvmArgs, String os,
            String cpu, @JsonInclude(JsonInclude.Include.NON_NULL) String loadAverageAtStart, String note) {
    }

    /**
     * The whole of {@code servers.json}, or of {@code frameworks.json}, whose {@code frameworks} names the framework of
     * each framework subject (left out of {@code servers.json}). {@code rounds}: how many times each scenario ran per
     * subject; {@code loadAverage}: its range over the run; {@code ratios}: for each "ours / reference" pair, each
     * headline figure's ratio computed per round (round k over round k), as median, min and max. The three are absent
     * in files written before rounds.
     */
    public record Report(String mode, String generated, Machine machine, double p99BoundMs, String client,
            Map<String, SubjectResult> subjects, double wallSeconds,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, String> frameworks,
            @JsonInclude(JsonInclude.Include.NON_NULL) Integer rounds,
            @JsonInclude(JsonInclude.Include.NON_NULL) LoadRange loadAverage,
            @JsonInclude(JsonInclude.Include.NON_NULL) Map<String, Map<String, Spread>> ratios) {

        public Report(String mode, String generated, Machine machine, double p99BoundMs, String client,
                Map<String, SubjectResult> subjects, double wallSeconds, Map<String, String> frameworks) {
            this(mode, generated, machine, p99BoundMs, client, subjects, wallSeconds, frameworks, null, null, null);
        }
    }
}
