package dev.ssekit.docs;

import com.fasterxml.jackson.databind.JsonNode;
import dev.ssekit.spec.Requirement;
import dev.ssekit.spec.Requirements;
import dev.ssekit.spec.SpecFiles;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * "SSE in the frameworks": the framework subjects' findings, rendered from their results files into an AsciiDoc
 * fragment per language, which the Learn page of that language includes. What the results cannot say (a topic's
 * name, how a user of that framework works around a finding today) comes from {@value #NOTES}, in both languages.
 * A framework subject is one whose results carry the {@code framework} meta (its ServerConformance subclass names
 * the framework, its version and the API it uses).
 */
final class FrameworksPage {

    /** The page's words that are not data, from the repository root. */
    static final String NOTES = "docs/src/frameworks/notes.json";

    static final List<String> LANGUAGES = List.of("en", "zh-CN");

    /** A column of the summary table: one case, named for readers. */
    record Topic(String caseId, Map<String, String> label) {
    }

    /** The notes file: the summary's topics and the workarounds, per subject and case (or for a case in general). */
    record Notes(List<Topic> topics, Map<String, Map<String, Map<String, String>>> bySubject,
            Map<String, Map<String, String>> byCase) {

        /** How a user of {@code subject} works around the finding of {@code caseId}, in {@code lang}, or null. */
        String workaround(String subject, String caseId, String lang) {
            Map<String, String> text = bySubject.getOrDefault(subject, Map.of()).get(caseId);
            if (text == null) {
                text = byCase.get(caseId);
            }
            return text == null ? null : text.get(lang);
        }
    }

    private static final Map<String, Map<String, String>> WORDS = Map.of(
            "en", Map.ofEntries(
                    Map.entry("framework", "Framework"), Map.entry("api", "API"), Map.entry("case", "Case"),
                    Map.entry("breaks", "Breaks"), Map.entry("saw", "What the check saw"),
                    Map.entry("workaround", "How users work around it today"),
                    Map.entry("none", "No finding: every case that ran passed or was only informative."),
                    Map.entry("noWorkaround", "No workaround recorded yet."),
                    Map.entry("counts", "Outcomes"), Map.entry("reference", "from the committed reference copy"),
                    Map.entry("built", "from this build"), Map.entry("results", "results"),
                    Map.entry("missing", "No framework subject has results yet: run `./mvnw verify`."),
                    Map.entry("notRun", "Not run here")),
            "zh-CN", Map.ofEntries(
                    Map.entry("framework", "框架"), Map.entry("api", "API"), Map.entry("case", "用例"),
                    Map.entry("breaks", "违反"), Map.entry("saw", "检查看到的"),
                    Map.entry("workaround", "用户目前的绕过办法"),
                    Map.entry("none", "没有发现问题：运行的每个用例都通过了，或只是提示信息。"),
                    Map.entry("noWorkaround", "尚未记录绕过办法。"),
                    Map.entry("counts", "结果"), Map.entry("reference", "来自提交的参考副本"),
                    Map.entry("built", "来自本次构建"), Map.entry("results", "结果"),
                    Map.entry("missing", "还没有任何框架被测对象的结果：请运行 `./mvnw verify`。"),
                    Map.entry("notRun", "本机未运行")));

    private FrameworksPage() {
    }

    static boolean isFramework(Results.Subject s) {
        return s.file().meta().containsKey("framework");
    }

    /** Reads the notes; a missing or malformed file fails the build, naming it. */
    static Notes notes(Path root) {
        Path file = root.resolve(NOTES);
        try {
            JsonNode n = SpecFiles.json().readTree(file.toFile());
            List<Topic> topics = new ArrayList<>();
            for (JsonNode t : n.path("topics")) {
                topics.add(new Topic(t.path("case").asText(), texts(t.path("label"))));
            }
            Map<String, Map<String, Map<String, String>>> bySubject = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> it = n.path("workarounds").fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> s = it.next();
                bySubject.put(s.getKey(), byId(s.getValue(), FrameworksPage::texts));
            }
            return new Notes(topics, bySubject, byId(n.path("generic"), FrameworksPage::texts));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private static <T> Map<String, T> byId(JsonNode n, Function<JsonNode, T> value) {
        Map<String, T> out = new LinkedHashMap<>();
        n.fields().forEachRemaining(e -> out.put(e.getKey(), value.apply(e.getValue())));
        return out;
    }

    private static Map<String, String> texts(JsonNode n) {
        Map<String, String> out = new LinkedHashMap<>();
        for (String lang : LANGUAGES) {
            if (!n.path(lang).isTextual()) {
                throw new IllegalArgumentException(NOTES + ": " + n + " lacks its " + lang + " text");
            }
            out.put(lang, n.path(lang).asText());
        }
        return out;
    }

    /**
     * The fragment for {@code lang}: a summary table (a framework a row, a topic a column), then each framework's
     * findings with the requirement each breaks and the workaround. The including page defines {@code {req}} (the
     * requirement pages) and {@code {compare}} (the comparison pages).
     */
    static String render(String lang, List<Results.Subject> frameworks, Notes notes, Requirements reqs) {
        Map<String, String> w = WORDS.get(lang);
        StringBuilder b = new StringBuilder();
        if (frameworks.isEmpty()) {
            return w.get("missing") + "\n";
        }
        b.append("[cols=\"3,2").append(",1".repeat(notes.topics().size())).append("\",options=\"header\"]\n|===\n");
        b.append('|').append(w.get("framework")).append(" |").append(w.get("api"));
        for (Topic t : notes.topics()) {
            b.append(" |").append(cell(t.label().get(lang)));
        }
        b.append('\n');
        for (Results.Subject s : frameworks) {
            Map<String, String> meta = s.file().meta();
            b.append("|link:{compare}/").append(s.name()).append(".html[").append(cell(meta.get("framework"))).append("] ")
                    .append(cell(meta.getOrDefault("framework.version", ""))).append(" |")
                    .append(code(meta.getOrDefault("framework.api", "")));
            for (Topic t : notes.topics()) {
                ResultEntry e = entry(s, t.caseId());
                b.append(" |").append(e == null ? "-" : e.outcome().word());
            }
            b.append('\n');
        }
        b.append("|===\n\n");
        for (Results.Subject s : frameworks) {
            section(b, lang, s, notes, reqs);
        }
        return b.toString();
    }

    private static void section(StringBuilder b, String lang, Results.Subject s, Notes notes, Requirements reqs) {
        Map<String, String> w = WORDS.get(lang);
        Map<String, String> meta = s.file().meta();
        b.append("=== ").append(meta.get("framework"));
        if (meta.containsKey("framework.version")) {
            b.append(' ').append(meta.get("framework.version"));
        }
        b.append("\n\n");
        if (meta.containsKey("framework.api")) {
            b.append(w.get("api")).append(": ").append(code(meta.get("framework.api"))).append(". ");
        }
        b.append(w.get("counts")).append(": ");
        List<String> counts = new ArrayList<>();
        s.file().counts().forEach((o, n) -> {
            if (n > 0) {
                counts.add(n + " " + o.word());
            }
        });
        b.append(String.join(", ", counts)).append(" (link:{compare}/").append(s.name()).append(".html[")
                .append(w.get("results")).append("], ").append(s.reference() ? w.get("reference") : w.get("built"))
                .append(", ").append(s.file().generated()).append(").\n\n");
        List<ResultEntry> findings = s.file().entries().stream()
                .filter(e -> e.outcome() == Outcome.FAIL || e.outcome() == Outcome.NON_STRICT).toList();
        List<ResultEntry> notRun = s.file().entries().stream()
                .filter(e -> e.outcome() == Outcome.NOT_RUN && e.id().startsWith("check/")).toList();
        if (findings.isEmpty()) {
            b.append(w.get("none")).append("\n\n");
        } else {
            b.append("[cols=\"2,2,4,4\",options=\"header\"]\n|===\n|").append(w.get("case")).append(" |")
                    .append(w.get("breaks")).append(" |").append(w.get("saw")).append(" |").append(w.get("workaround"))
                    .append('\n');
            for (ResultEntry e : findings) {
                String workaround = notes.workaround(s.name(), e.id(), lang);
                b.append('|').append(code(e.id())).append(" |").append(requirements(e, reqs)).append(" |")
                        .append(literal(e.actual() != null ? e.actual() : e.detail())).append(" |")
                        .append(workaround == null ? "_" + w.get("noWorkaround") + "_" : cell(workaround)).append('\n');
            }
            b.append("|===\n\n");
        }
        if (!notRun.isEmpty()) {
            b.append(w.get("notRun")).append(":\n\n");
            for (ResultEntry e : notRun) {
                b.append("* ").append(code(e.id())).append(": ").append(literal(e.detail())).append('\n');
            }
            b.append('\n');
        }
    }

    private static String requirements(ResultEntry e, Requirements reqs) {
        List<String> out = new ArrayList<>();
        for (String id : e.requirements()) {
            Requirement r = reqs.get(id);
            out.add("link:{req}/" + id + ".html[" + id + "] (" + r.level() + ")");
        }
        return String.join(", ", out);
    }

    private static ResultEntry entry(Results.Subject s, String caseId) {
        return s.file().entries().stream().filter(e -> e.id().equals(caseId)).findFirst().orElse(null);
    }

    /** Plain text in a table cell: the cell separator escaped. */
    static String cell(String text) {
        return text == null ? "" : text.replace("|", "\\|");
    }

    /** Monospace text shown as it is (no AsciiDoc substitution). */
    static String code(String text) {
        return "pass:[<code>" + html(text) + "</code>]";
    }

    /** Text that came from a subject (its bytes, escaped by the engine), shown as it is. */
    static String literal(String text) {
        return text == null || text.isEmpty() ? "" : "pass:[<span class=\"seen\">" + html(text) + "</span>]";
    }

    private static String html(String text) {
        return text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("]", "&#93;")
                .replace("|", "&#124;");
    }
}
