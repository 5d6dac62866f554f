package dev.ssekit.torture;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.function.LongSupplier;

/**
 * {@code stalled-pipeline}: one connection pipelines {@code requests} copies of {@code request} and reads nothing for
 * {@code stallMs} (writing what the server takes meanwhile). The server's memory growth then stays within
 * {@code maxMemoryGrowthBytes}; once the client reads, every request is answered, in order, within
 * {@link #READ_MS}.
 */
final class StalledPipeline extends Scenario {

    static final long READ_MS = 15_000;

    record Params(int requests, String request, long stallMs, long maxGrowthBytes, boolean allAnswered) {
        static Params of(TortureVector v) {
            return new Params(needInt(v.params(), "params", "requests"), needText(v.params(), "params", "request"),
                    needLong(v.params(), "params", "stallMs"), needLong(v.expected(), "expected", "maxMemoryGrowthBytes"),
                    flag(v.expected(), "allAnswered"));
        }
    }

    StalledPipeline(TortureVector v, TortureSubject s, TortureOptions o) {
        super(v, s, o);
    }

    @Override
    ResultEntry run() {
        Params p = Params.of(vector);
        String request = text(p.request());
        byte[] one = SendVectors.latin1(request);
        byte[] all = new byte[one.length * p.requests()];
        for (int i = 0; i < p.requests(); i++) {
            System.arraycopy(one, 0, all, i * one.length, one.length);
        }
        String method = request.substring(0, Math.max(0, request.indexOf(' ')));
        LongSupplier probe = subject.memoryProbe();
        long base = Memory.settle(probe, 3_000);
        RawConnection c;
        try {
            c = RawConnection.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, SMALL_RCVBUF);
        } catch (IOException e) {
            return Verdict.notRun(vector, "the runner could not connect to " + subject.authority() + ": " + RawConnection.message(e));
        }
        try (c) {
            for (int i = 0; i < p.requests(); i++) {
                c.expect(method);
            }
            c.queue(all);
            long stallEnd = System.nanoTime() + p.stallMs() * 1_000_000;
            c.pump(stallEnd, () -> false, false);
            Memory.sleep(Math.max(0, (stallEnd - System.nanoTime()) / 1_000_000)); // all written early: still read nothing
            long writtenWhileStalled = c.bytesWritten;
            long stalled = Memory.settle(probe, 3_000);
            long growth = stalled - base;
            long readStart = c.ms();
            c.readUntil(System.nanoTime() + READ_MS * 1_000_000, () -> c.completed() >= p.requests());
            long readMs = c.ms() - readStart;
            int answered = c.completed();
            long not200 = c.responses.stream().filter(r -> r.status() != 200).count();
            Verdict m = new Verdict(vector);
            if (growth > p.maxGrowthBytes()) {
                m.add("server memory growth at most " + Memory.mib(p.maxGrowthBytes()) + " while the client does not read",
                        "+" + Memory.mib(growth));
            }
            if (p.allAnswered()) {
                if (answered < p.requests()) {
                    m.add("all " + p.requests() + " requests answered, in order, within " + READ_MS + " ms of reading",
                            answered + " answered; " + c.describeEnd()
                                    + (c.malformed != null ? "; then bytes that are not a response: " + c.malformed.getMessage() : "")
                                    + (c.writeProblem != null ? "; " + c.writeProblem : ""));
                }
                if (not200 > 0) {
                    m.add("every answer 200", not200 + " answers with another status, the first "
                            + c.responses.stream().filter(r -> r.status() != 200).findFirst().map(r -> r.status()).orElse(0));
                }
            }
            String measured = p.requests() + " pipelined " + requestLine(request) + " (" + all.length + " bytes, " + writtenWhileStalled
                    + " taken by the server while the client read nothing for " + p.stallMs() + " ms); server memory after GC "
                    + Memory.change(base, stalled, 0, "") + "; then " + answered + " answers in " + readMs + " ms";
            c.abort();
            return m.result(measured);
        }
    }
}
