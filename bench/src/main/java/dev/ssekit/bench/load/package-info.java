/**
 * The server load benchmark: a loopback NIO SSE load client ({@link dev.ssekit.bench.load.LoadClient}: the selector
 * loop; {@link dev.ssekit.bench.load.LoadConnection}: one connection read through the kit's HTTP response decoder;
 * {@link dev.ssekit.bench.load.Latency}: what is measured), run in this JVM or in child JVMs
 * ({@link dev.ssekit.bench.load.AgentClients} starting {@link dev.ssekit.bench.load.LoadAgent}), the subjects
 * ({@link dev.ssekit.bench.load.Subjects}: our server on every reference server the kit discovers, the NIO ceiling,
 * Undertow's built-in {@code ServerSentEventHandler} as baseline, the tutorial's Express server; and
 * {@link dev.ssekit.bench.load.NodeSubjects}: {@code sse-kit serve} child JVMs on a shared Redis feed, for the
 * {@code fanout-nodes} modes), the scenarios
 * ({@link dev.ssekit.bench.load.Scenarios}: fan-out, stream, churn, hold, latency1; {@link dev.ssekit.bench.load.Overload})
 * with their results ({@link dev.ssekit.bench.load.BenchResults}, as written to {@code servers.json}) and the runner
 * ({@link dev.ssekit.bench.load.BenchRunner}: a named plan per mode, modes in
 * {@link dev.ssekit.bench.load.BenchRunner#MODES}; each scenario repeated in interleaved rounds, made into medians and
 * per-round ratios by {@link dev.ssekit.bench.load.Rounds}; the fan-out rate found by
 * {@link dev.ssekit.bench.load.RateSearch}).
 *
 * <p>Run: {@code ./mvnw -q -pl bench dependency:build-classpath -Dmdep.outputFile=/tmp/cp.txt} then
 * {@code java -cp bench/target/classes:$(cat /tmp/cp.txt) dev.ssekit.bench.load.BenchRunner quick}; the JSON goes to
 * {@code bench/target/bench/servers.json}. bench/README.md describes every mode.
 *
 * <p>Every server runs in the bench JVM, on the same cores as the client, so: (1) the client's CPU competes with the
 * server's, and the fan-out ceiling measured here is often the client's; (2) with the client in-process (quick mode),
 * heap per connection in the hold scenario includes the client's per-connection state and each connection takes two
 * descriptors of this process, so in-process runs stop at
 * {@value dev.ssekit.bench.load.BenchRunner#IN_PROCESS_MAX_CONNECTIONS} connections; the other modes put the client in
 * child processes; (3) other work on the same cores skews every number; {@code machine.loadAverageAtStart} and each
 * round's {@code loadAverage} record it.
 */
package dev.ssekit.bench.load;
