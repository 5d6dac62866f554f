/**
 * The server load benchmark: a loopback NIO SSE load client ({@link dev.ssekit.bench.load.LoadClient}), the subjects
 * ({@link dev.ssekit.bench.load.Subjects}: our Undertow and Vert.x servers, the NIO ceiling, Undertow's built-in
 * {@code ServerSentEventHandler} as baseline, the tutorial's Express server), four scenarios
 * ({@link dev.ssekit.bench.load.Scenarios}: fan-out, stream, churn, hold) and the runner
 * ({@link dev.ssekit.bench.load.BenchRunner}, modes {@code quick}, {@code fanout1k}, {@code full}).
 *
 * <p>Run: {@code ./mvnw -q -pl bench dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt} then
 * {@code java -cp bench/target/classes:$(cat /tmp/cp.txt) dev.ssekit.bench.load.BenchRunner quick}; the JSON goes to
 * {@code bench/target/bench/servers.json}.
 *
 * <p>Everything runs in one JVM on the same cores, so: (1) the client's CPU competes with the server's, and the
 * fan-out ceiling measured here is often the client's (its selector thread parses every event); (2) heap per
 * connection in the hold scenario includes the client's per-connection state (the ceiling's figure is roughly that
 * client cost plus a few hundred bytes); (3) each connection takes two file descriptors of this process, so with an
 * open-files hard limit of 20,000 in-process runs stop at {@value dev.ssekit.bench.load.BenchRunner#IN_PROCESS_MAX_CONNECTIONS}
 * connections. Fan-out at 10,000 subscribers and hold at 19,500 streams need the client in a separate process
 * (a separate JVM running {@code LoadClient} against the server's port); that is not built yet. (4) Other work on
 * the same cores (e.g. JMH runs) skews every number; {@code machine.loadAverageAtStart} records it.
 */
package dev.ssekit.bench.load;
