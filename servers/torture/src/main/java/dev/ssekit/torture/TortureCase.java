package dev.ssekit.torture;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.util.List;

/**
 * One torture vector against one subject. {@link #result()} runs it once (or waits for the run the runner started)
 * and never throws: whatever happens becomes the vector's {@link ResultEntry}.
 */
public final class TortureCase {

    private final TortureVector vector;
    private final TortureRunner runner;

    TortureCase(TortureVector vector, TortureRunner runner) {
        this.vector = vector;
        this.runner = runner;
    }

    public TortureVector vector() {
        return vector;
    }

    public String id() {
        return vector.id();
    }

    public List<String> requirements() {
        return vector.requirements();
    }

    /** {@code [HTTP-001,API-031] torture/framing/content-length-and-chunked}: the name a test runner shows. */
    public String displayName() {
        return "[" + String.join(",", vector.requirements()) + "] " + vector.id();
    }

    /** The result, running the vector if it has not run yet. */
    public ResultEntry result() {
        return runner.result(this);
    }

    @Override
    public String toString() {
        return displayName();
    }
}
