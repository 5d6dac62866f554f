package dev.ssekit.torture;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.SpecFiles;
import java.io.IOException;

/** {@code GET /api/stats} on a fresh connection, bounded in time. */
final class StatsProbe {

    /** One answer: the JSON when it was a 200 JSON object, else why not; {@code ms} from connect to the end of the answer. */
    record Reading(JsonNode json, long ms, String problem) {

        boolean ok() {
            return json != null;
        }

        /** A numeric member, or -1 when absent. */
        long get(String field) {
            return json != null && json.path(field).isNumber() ? json.get(field).asLong() : -1;
        }

        boolean has(String field) {
            return json != null && json.path(field).isNumber();
        }
    }

    private StatsProbe() {
    }

    static Reading fetch(String host, int port, long timeoutMs) {
        long t0 = System.nanoTime();
        String authority = (host.contains(":") ? "[" + host + "]" : host) + ":" + port;
        try (RawConnection c = RawConnection.open(host, port, (int) Math.max(1, timeoutMs), 0)) {
            long deadline = t0 + timeoutMs * 1_000_000;
            c.expect("GET");
            c.write(SendVectors.latin1("GET /api/stats HTTP/1.1\r\nHost: " + authority
                    + "\r\nAccept: application/json\r\nConnection: close\r\n\r\n"), deadline);
            c.readUntil(deadline, () -> c.completed() >= 1);
            long ms = (System.nanoTime() - t0) / 1_000_000;
            RawConnection.Response r = c.first();
            if (r == null || !r.complete) {
                return new Reading(null, ms, (r == null ? "no response" : "status " + r.status() + ", unfinished") + "; "
                        + c.describeEnd() + (c.malformed != null ? " (" + c.malformed.getMessage() + ")" : ""));
            }
            if (r.status() != 200) {
                return new Reading(null, ms, "status " + r.status());
            }
            try {
                JsonNode n = SpecFiles.json().readTree(r.body.toByteArray());
                return n != null && n.isObject() ? new Reading(n, ms, null)
                        : new Reading(null, ms, "not a JSON object: " + SendVectors.clipQuote(r.bodyText()));
            } catch (IOException e) {
                return new Reading(null, ms, "not JSON: " + SendVectors.clipQuote(r.bodyText()));
            }
        } catch (IOException e) {
            return new Reading(null, (System.nanoTime() - t0) / 1_000_000, "no connection: " + RawConnection.message(e));
        }
    }
}
