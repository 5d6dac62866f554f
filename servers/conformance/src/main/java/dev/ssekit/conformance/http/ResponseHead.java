package dev.ssekit.conformance.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * The head of one HTTP/1.x response as it arrived: status line and header fields in order. Field values are the
 * bytes of the field as ISO-8859-1 text (one char per byte), without the whitespace around them.
 *
 * @param version {@code HTTP/1.1}, {@code HTTP/1.0}
 * @param reason the reason phrase, possibly empty
 * @param fields every field line in order, names as sent
 * @param size bytes of the head, the blank line included
 */
public record ResponseHead(String version, int status, String reason, List<Map.Entry<String, String>> fields, int size) {

    public ResponseHead {
        fields = List.copyOf(fields);
    }

    /** 1xx: an interim response that a final one follows (101 aside, which ends HTTP on the connection). */
    public boolean isInterim() {
        return status >= 100 && status < 200 && status != 101;
    }

    /** Every value of a field (names case-insensitive), joined with {@code ", "}; null when absent. */
    public String header(String name) {
        List<String> v = values(name);
        return v.isEmpty() ? null : String.join(", ", v);
    }

    /** Every value of a field, one per field line, in order. */
    public List<String> values(String name) {
        List<String> out = new ArrayList<>();
        for (Map.Entry<String, String> f : fields) {
            if (f.getKey().equalsIgnoreCase(name)) {
                out.add(f.getValue());
            }
        }
        return out;
    }

    public boolean has(String name) {
        return fields.stream().anyMatch(f -> f.getKey().equalsIgnoreCase(name));
    }

    /** The field names, lower case, in order of first appearance. */
    public List<String> names() {
        return fields.stream().map(f -> f.getKey().toLowerCase(Locale.ROOT)).distinct().collect(Collectors.toList());
    }

    /** {@code HTTP/1.1 200 OK}. */
    public String statusLine() {
        return version + " " + status + (reason.isEmpty() ? "" : " " + reason);
    }
}
