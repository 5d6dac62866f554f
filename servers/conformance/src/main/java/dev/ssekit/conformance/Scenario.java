package dev.ssekit.conformance;

import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.results.ResultEntry;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;

/**
 * A behaviour one request cannot show (spec README, "Stream vectors"): one type per scenario name, holding the
 * vector's parameters typed, with their defaults, and saying what the target must offer for it to apply.
 */
// tag::scenario[]
sealed interface Scenario permits FlushScenario, HeartbeatScenario, ChurnScenario, SlowReaderScenario, BroadcastScenario,
        BroadcastReplayScenario {

    /** The scenario names of the vectors, and the type that reads each. */
    Map<String, Function<ScenarioParams, Scenario>> BY_NAME = Map.of(
            "flush", FlushScenario::from,
            "heartbeat", HeartbeatScenario::from,
            "churn", ChurnScenario::from,
            "slow-reader", SlowReaderScenario::from,
            "broadcast", BroadcastScenario::from,
            "broadcast-replay", BroadcastReplayScenario::from);

    /** What the target must offer besides the settings the vector names in its {@code config}. */
    Set<Offer> needs();

    /** Runs it; every wait is bounded by the scenario's own numbers or the run's timeout. */
    ResultEntry run(ConformanceCheck c, ScenarioContext x);

    /**
     * The typed scenario of a vector. Throws {@link IllegalArgumentException} naming the problem when this runner does
     * not know the scenario, or the vector has a member its type does not read or of the wrong type.
     */
    static Scenario of(StreamVector v) {
        Function<ScenarioParams, Scenario> read = BY_NAME.get(v.scenario());
        if (read == null) {
            throw new IllegalArgumentException("this runner does not know the scenario \"" + v.scenario() + "\"");
        }
        ScenarioParams p = new ScenarioParams(v);
        Scenario s = read.apply(p);
        List<String> unread = p.unread();
        if (!unread.isEmpty()) {
            throw new IllegalArgumentException("the scenario " + v.scenario() + " of this runner does not take " + unread);
        }
        return s;
    }
}
// end::scenario[]
