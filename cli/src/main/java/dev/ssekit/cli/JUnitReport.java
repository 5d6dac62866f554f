package dev.ssekit.cli;

import dev.ssekit.spec.Failure;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * The results of one check as JUnit XML, the format CI systems show: one {@code testcase} per case, named by its
 * display name ({@code [AUTH-001] check/generic/status}). A failure's text is h2spec's (the requirement, Expected,
 * Actual) with CR, LF, NUL and the other control characters escaped, which XML could not carry anyway. A MUST failure
 * is a {@code failure}; a SHOULD failure is one only with {@code --strict}, else the case passes with the finding in
 * its {@code system-out}; not-run, not-applicable and untestable cases are {@code skipped} with the reason.
 */
final class JUnitReport {

    private JUnitReport() {
    }

    static void write(Path file, String subject, List<ResultEntry> entries, boolean strict) throws IOException {
        write(file, "check", subject, entries, strict);
    }

    /** {@code command} names the suite: {@code sse-kit <command> <subject>}, class {@code sse-kit.<command>.<subject>}. */
    static void write(Path file, String command, String subject, List<ResultEntry> entries, boolean strict) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        Files.writeString(file, render(command, subject, entries, strict), StandardCharsets.UTF_8);
    }

    static String render(String subject, List<ResultEntry> entries, boolean strict) {
        return render("check", subject, entries, strict);
    }

    static String render(String command, String subject, List<ResultEntry> entries, boolean strict) {
        int failures = 0;
        int skipped = 0;
        double seconds = 0;
        for (ResultEntry e : entries) {
            if (isFailure(e, strict)) {
                failures++;
            } else if (isSkipped(e)) {
                skipped++;
            }
            seconds += e.durationMs() / 1000;
        }
        String suite = "sse-kit " + command + " " + subject;
        StringBuilder b = new StringBuilder("<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n");
        b.append("<testsuites name=\"").append(attr(suite)).append("\" tests=\"").append(entries.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(time(seconds)).append("\">\n");
        b.append("  <testsuite name=\"").append(attr(suite)).append("\" tests=\"").append(entries.size())
                .append("\" failures=\"").append(failures).append("\" errors=\"0\" skipped=\"").append(skipped)
                .append("\" time=\"").append(time(seconds)).append("\">\n");
        for (ResultEntry e : entries) {
            b.append("    <testcase classname=\"").append(attr("sse-kit." + command + "." + subject)).append("\" name=\"")
                    .append(attr("[" + String.join(",", e.requirements()) + "] " + e.id())).append("\" time=\"")
                    .append(time(e.durationMs() / 1000)).append("\"");
            String detail = e.detail() == null ? "" : e.detail();
            if (isFailure(e, strict)) {
                b.append(">\n      <failure type=\"").append(e.outcome().word()).append("\" message=\"")
                        .append(attr(escapeControls(firstLine(e)))).append("\">").append(text(failureText(e)))
                        .append("</failure>\n    </testcase>\n");
            } else if (isSkipped(e)) {
                b.append(">\n      <skipped message=\"").append(attr(e.outcome().word() + ": " + escapeControls(detail)))
                        .append("\"/>\n    </testcase>\n");
            } else if (e.outcome() != Outcome.PASS && !detail.isEmpty()) {
                // info, and a SHOULD failure without --strict: a pass that still says what was found
                b.append(">\n      <system-out>").append(text(e.outcome().word() + ": " + detail)).append("</system-out>\n")
                        .append("    </testcase>\n");
            } else {
                b.append("/>\n");
            }
        }
        b.append("  </testsuite>\n</testsuites>\n");
        return b.toString();
    }

    static boolean isFailure(ResultEntry e, boolean strict) {
        return e.outcome() == Outcome.FAIL || strict && e.outcome() == Outcome.NON_STRICT;
    }

    private static boolean isSkipped(ResultEntry e) {
        return e.outcome() == Outcome.NOT_RUN || e.outcome() == Outcome.NOT_APPLICABLE || e.outcome() == Outcome.UNTESTABLE;
    }

    /** h2spec's text, built again from Expected and Actual with their controls escaped. */
    private static String failureText(ResultEntry e) {
        if (e.expected() == null && e.actual() == null) {
            return escapeControlsKeepingLines(e.detail() == null ? "" : e.detail());
        }
        return Failure.format(e.requirements(), e.id(), escapeControls(String.valueOf(e.expected())),
                escapeControls(String.valueOf(e.actual())));
    }

    private static String firstLine(ResultEntry e) {
        String a = e.actual() != null ? "Actual: " + e.actual() : e.detail() == null ? "" : e.detail();
        return a.length() > 200 ? a.substring(0, 200) + "..." : a;
    }

    /** CR as \r, LF as \n, NUL as \u0000, other C0 controls, DEL and lone surrogates as \\uXXXX. */
    static String escapeControls(String s) {
        StringBuilder b = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            boolean pair = Character.isHighSurrogate(c) && i + 1 < s.length() && Character.isLowSurrogate(s.charAt(i + 1));
            if (pair) {
                b.append(c).append(s.charAt(++i));
            } else if (c == '\r') {
                b.append("\\r");
            } else if (c == '\n') {
                b.append("\\n");
            } else if (c < 0x20 && c != '\t' || c == 0x7f || Character.isSurrogate(c) || c == 0xfffe || c == 0xffff) {
                b.append(String.format(Locale.ROOT, "\\u%04x", (int) c));
            } else {
                b.append(c);
            }
        }
        return b.toString();
    }

    private static String escapeControlsKeepingLines(String s) {
        String[] lines = s.split("\n", -1);
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < lines.length; i++) {
            b.append(i > 0 ? "\n" : "").append(escapeControls(lines[i]));
        }
        return b.toString();
    }

    private static String text(String s) {
        return escapeControlsKeepingLines(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String attr(String s) {
        return escapeControls(s).replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("\"", "&quot;");
    }

    private static String time(double seconds) {
        return String.format(Locale.ROOT, "%.3f", seconds);
    }
}
