package dev.ssekit.server.internal;

import java.util.List;
import java.util.regex.Pattern;

/** The {@code Last-Event-ID} request header as the contract takes it (API-011, API-012). */
public final class LastEventId {

    public static final String HEADER = "Last-Event-ID";
    private static final Pattern FORM = Pattern.compile("0|[1-9][0-9]{0,9}");

    private LastEventId() {
    }

    /**
     * The id, or -1 when the header is absent.
     *
     * @param values every value of the header (null or empty when absent)
     * @throws BadRequest for a repeated header or anything but a decimal integer without sign or leading zeros,
     *     at most 10 digits
     */
    public static long parse(List<String> values) throws BadRequest {
        if (values == null || values.isEmpty()) {
            return -1;
        }
        if (values.size() > 1) {
            throw new BadRequest("header \"" + HEADER + "\" is given " + values.size() + " times; give it once");
        }
        String v = values.get(0);
        if (v == null || !FORM.matcher(v).matches()) {
            throw new BadRequest("header \"" + HEADER + "\" must be a decimal integer without sign or leading zeros,"
                    + " at most 10 digits, got " + BadRequest.quote(v == null ? "" : v));
        }
        return Long.parseLong(v);
    }
}
