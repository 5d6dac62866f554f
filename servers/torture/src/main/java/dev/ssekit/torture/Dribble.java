package dev.ssekit.torture;

import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.util.List;

/**
 * {@code dribble}: a head sent one byte every {@code byteEveryMs}. The request deadline counts the whole request, so
 * the trickle must not keep the connection alive: the server closes it (with 408 first, if it can) within the
 * deadline plus {@code closedWithinMs} of the first byte.
 */
final class Dribble extends Scenario {

    record Params(String request, long byteEveryMs, long closedWithinMs, List<Integer> status) {
        static Params of(TortureVector v) {
            return new Params(needText(v.params(), "params", "request"), needLong(v.params(), "params", "byteEveryMs"),
                    needLong(v.expected(), "expected", "closedWithinMs"), ints(v.expected().path("status")));
        }
    }

    Dribble(TortureVector v, TortureSubject s, TortureOptions o) {
        super(v, s, o);
    }

    @Override
    ResultEntry run() {
        Params p = Params.of(vector);
        byte[] bytes = SendVectors.latin1(text(p.request()));
        long bound = subject.requestDeadlineMs() + p.closedWithinMs();
        RawConnection c;
        try {
            c = RawConnection.open(subject.host(), subject.port(), CONNECT_TIMEOUT_MS, 0);
        } catch (IOException e) {
            return Verdict.notRun(vector, "the runner could not connect to " + subject.authority() + ": " + RawConnection.message(e));
        }
        try (c) {
            c.expect(p.request().substring(0, Math.max(0, p.request().indexOf(' '))));
            long first = System.nanoTime();
            long firstMs = c.ms();
            long deadline = first + bound * 1_000_000;
            int sent = 0;
            while (sent < bytes.length && !c.closed() && c.writeProblem == null && System.nanoTime() < deadline) {
                if (!c.write(new byte[] {bytes[sent]}, deadline)) {
                    break;
                }
                sent++;
                long next = Math.min(deadline, System.nanoTime() + p.byteEveryMs() * 1_000_000);
                c.readUntil(next, c::closed);
            }
            c.readUntil(deadline, c::closed);
            Verdict m = new Verdict(vector);
            String trickle = sent + " of " + bytes.length + " bytes sent, one every " + p.byteEveryMs() + " ms";
            RawConnection.Response r = c.first();
            String answer = r == null ? "no response" : "status " + r.status();
            if (!c.closed()) {
                m.add("the server closes the connection within " + bound + " ms of the first byte (request deadline "
                        + subject.requestDeadlineMs() + " ms + " + p.closedWithinMs() + " ms)",
                        "still open after " + (c.ms() - firstMs) + " ms (" + answer + ")");
            } else if (r != null && !p.status().isEmpty() && !p.status().contains(r.status())) {
                m.add("status " + p.status() + " before the close (or a close without a response)", answer);
            }
            if (c.malformed != null) {
                m.add("an HTTP/1.x response or a close", "bytes that are not one: " + c.rawFrom(0, 200));
            }
            String closed = c.closed() ? (r == null ? "closed without a response" : "answered " + r.status() + " and closed")
                    + " " + (c.closedAtMs() - firstMs) + " ms after the first byte" : "not closed";
            return m.result(trickle + "; " + closed);
        }
    }
}
