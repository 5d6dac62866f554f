package dev.ssekit.docs;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.mustachejava.DefaultMustacheFactory;
import com.github.mustachejava.Mustache;
import dev.ssekit.spec.EncodeVector;
import dev.ssekit.spec.Escapes;
import dev.ssekit.spec.ExpectedEvent;
import dev.ssekit.spec.ParseVector;
import dev.ssekit.spec.Requirement;
import dev.ssekit.spec.Requirements;
import dev.ssekit.spec.SpecFiles;
import dev.ssekit.spec.StreamVector;
import dev.ssekit.spec.TortureVector;
import dev.ssekit.spec.Vectors;
import dev.ssekit.spec.results.Outcome;
import dev.ssekit.spec.results.ResultEntry;
import dev.ssekit.spec.results.ResultsFile;
import dev.ssekit.spec.results.ResultsMatrix;
import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.commonmark.ext.gfm.tables.TablesExtension;
import org.commonmark.ext.heading.anchor.HeadingAnchorExtension;
import org.commonmark.parser.Parser;
import org.commonmark.renderer.html.HtmlRenderer;

/**
 * Build-time entry point. Reads the spec ({@code requirements.json}, the vectors), the results and benchmark JSON,
 * and the test sources, and writes the generated pages through Mustache templates plus {@code attributes.adoc}.
 * Args: repoRoot generatedDir siteDir navTemplate.
 */
public final class SiteGenerator {

    private final Path root;
    private final Path site;
    private final DefaultMustacheFactory mf = new DefaultMustacheFactory("dev/ssekit/docs/templates");
    private final Mustache nav;
    /** The Chinese bar, for the generated pages under {@code zh-CN/} ({@code nav.zh-CN.html} next to the nav file). */
    private final Mustache navZh;
    private final Requirements reqs = Requirements.load();
    private final String specUrl;
    private final Map<String, List<Map<String, Object>>> vectorsByReq = new TreeMap<>();
    private final Map<String, List<TestCitations.Citation>> testsByReq = new TreeMap<>();
    private final Map<String, Results.Subject> subjects = new LinkedHashMap<>();
    /** Every subject's results against every requirement (the requirement pages and coverage read it). */
    private ResultsMatrix all;
    /** Heading id (as the contract page renders it) to heading text. */
    private final Map<String, String> contractHeadings = new LinkedHashMap<>();

    private SiteGenerator(Path root, Path site, Path navFile) throws IOException {
        this.root = root;
        this.site = site;
        this.nav = mf.compile(new StringReader(Files.readString(navFile, StandardCharsets.UTF_8)), "nav");
        Path zh = navFile.resolveSibling(navFile.getFileName().toString().replaceFirst("\\.html$", ".zh-CN.html"));
        this.navZh = Files.isRegularFile(zh) ? mf.compile(new StringReader(Files.readString(zh, StandardCharsets.UTF_8)), "nav.zh-CN")
                : nav;
        for (String line : Files.readAllLines(root.resolve("spec/contract.md"), StandardCharsets.UTF_8)) {
            if (line.startsWith("#")) {
                String text = line.replaceFirst("^#+\\s*", "").trim();
                String plain = text.replace("`", "");
                contractHeadings.putIfAbsent(plain.toLowerCase().replaceAll("[^\\p{L}\\p{N} _-]", "").replace(' ', '-'), plain);
            }
        }
        this.specUrl = SpecFiles.json().readTree(root.resolve("spec/requirements.json").toFile()).path("specUrl").asText();
    }

    public static void main(String[] args) throws IOException {
        Path root = Path.of(args[0]).toAbsolutePath().normalize();
        Path generated = Path.of(args[1]).toAbsolutePath().normalize();
        Path site = Path.of(args[2]).toAbsolutePath().normalize();
        Path navFile = Path.of(args[3]).toAbsolutePath().normalize();
        SiteGenerator g = new SiteGenerator(root, site, navFile);
        g.collect();
        g.vectorsPage();
        g.requirementPages();
        g.coveragePage();
        g.contractPage();
        g.comparePages();
        BenchData bench = BenchData.load(root);
        g.write("compare/bench.html", "bench", "Benchmarks", bench.model());
        Files.createDirectories(generated);
        Map<String, Object> attrs = new LinkedHashMap<>();
        attrs.put("attributes", g.attributes(bench));
        Files.writeString(generated.resolve("attributes.adoc"), g.render("attributes", attrs), StandardCharsets.UTF_8);
        g.frameworksFragments(generated);
        if (!Files.isDirectory(root.resolve("docs/src/playground"))) {
            g.write("playground/index.html", "playground-missing", "Playground", new LinkedHashMap<>());
        }
    }

    // ---- data ----

    private void collect() {
        for (TestCitations.Citation c : TestCitations.scan(root)) {
            for (String id : c.ids()) {
                testsByReq.computeIfAbsent(id, k -> new ArrayList<>()).add(c);
            }
        }
        subjects.putAll(Results.load(root));
        all = matrixOf(List.copyOf(subjects.values()));
    }

    // ---- vectors ----

    private void vectorsPage() {
        List<Map<String, Object>> kinds = new ArrayList<>();
        kinds.add(kind("parse", "Parse vectors", "Bytes in, events out: what a conforming parser dispatches.",
                groupBy(Vectors.parse().stream().map(this::parseVector).toList())));
        kinds.add(kind("encode", "Encode vectors", "An event in, the canonical bytes (or a refusal naming the field) out.",
                groupBy(Vectors.encode().stream().map(this::encodeVector).toList())));
        Map<String, JsonNode> rawStream = rawVectors("stream");
        kinds.add(kind("stream", "Stream vectors", "An HTTP exchange with a server that follows the contract.",
                groupBy(Vectors.stream().stream().map(v -> streamVector(v, rawStream.get(v.id()))).toList())));
        Map<String, JsonNode> rawTorture = rawVectors("torture");
        kinds.add(kind("torture", "Torture vectors", "What a careless or hostile client sends, and how a server must hold up.",
                groupBy(Vectors.torture().stream().map(v -> tortureVector(v, rawTorture.get(v.id()))).toList())));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kinds", kinds);
        m.put("total", Vectors.parse().size() + Vectors.encode().size() + Vectors.stream().size()
                + Vectors.torture().size());
        write("reference/vectors/index.html", "vectors", "Vectors", m);
    }

    private Map<String, Object> kind(String id, String title, String blurb, List<Map<String, Object>> groups) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", id);
        m.put("title", title);
        m.put("blurb", blurb);
        m.put("groups", groups);
        m.put("count", groups.stream().mapToInt(g -> ((List<?>) g.get("vectors")).size()).sum());
        return m;
    }

    private List<Map<String, Object>> groupBy(List<Map<String, Object>> vectors) {
        Map<String, List<Map<String, Object>>> by = new LinkedHashMap<>();
        vectors.forEach(v -> by.computeIfAbsent((String) v.get("group"), k -> new ArrayList<>()).add(v));
        List<Map<String, Object>> out = new ArrayList<>();
        by.forEach((g, vs) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", g);
            m.put("vectors", vs);
            m.put("count", vs.size());
            out.add(m);
        });
        return out;
    }

    private Map<String, Object> vectorBase(String kind, String id, String group, String description, List<String> reqIds) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("kind", kind);
        m.put("id", id);
        m.put("group", group);
        m.put("description", description);
        List<Map<String, Object>> rl = new ArrayList<>();
        for (String r : reqIds) {
            reqs.get(r); // an unknown ID fails the build, naming it
            rl.add(Map.of("id", r));
        }
        m.put("requirements", rl);
        for (String r : reqIds) {
            vectorsByReq.computeIfAbsent(r, k -> new ArrayList<>()).add(m);
        }
        return m;
    }

    private Map<String, Object> parseVector(ParseVector v) {
        Map<String, Object> m = vectorBase("parse", v.id(), v.group(), v.description(), v.requirements());
        m.put("input", bytesText(v.input()));
        if (v.splitAt().length > 0) {
            List<String> chunks = new ArrayList<>();
            v.declaredChunks().forEach(c -> chunks.add(Escapes.quote(decode(c))));
            m.put("chunks", String.join(" | ", chunks));
        }
        m.put("events", events(v.events()));
        m.put("retry", v.retry() == null ? null : v.retry().toString());
        return m;
    }

    private Map<String, Object> encodeVector(EncodeVector v) {
        Map<String, Object> m = vectorBase("encode", v.id(), v.group(), v.description(), v.requirements());
        List<String> fields = new ArrayList<>();
        if (v.event().comment() != null) {
            fields.add("comment = " + Escapes.quote(v.event().comment()));
        }
        if (v.event().retry() != null) {
            fields.add("retry = " + v.event().retry());
        }
        if (v.event().id() != null) {
            fields.add("id = " + Escapes.quote(v.event().id()));
        }
        if (v.event().event() != null) {
            fields.add("event = " + Escapes.quote(v.event().event()));
        }
        if (v.event().data() != null) {
            fields.add("data = " + Escapes.quote(v.event().data()));
        }
        m.put("input", fields.isEmpty() ? "(no fields)" : String.join("\n", fields));
        if (v.expectsError()) {
            m.put("error", "refused: field " + v.errorField() + " (" + v.errorReason() + ")");
        } else {
            m.put("bytes", bytesText(v.bytes()));
            m.put("events", events(v.parsedEvents()));
        }
        return m;
    }

    private Map<String, Object> streamVector(StreamVector v, JsonNode raw) {
        Map<String, Object> m = vectorBase("stream", v.id(), v.group(), v.description(), v.requirements());
        try {
            var w = SpecFiles.json().writerWithDefaultPrettyPrinter();
            if (v.isScenario()) {
                m.put("input", "scenario " + v.scenario() + (raw != null && raw.has("params") ? "\n" + w.writeValueAsString(raw.get("params")) : ""));
            } else if (raw != null) {
                m.put("input", w.writeValueAsString(raw.get("request")));
            }
            if (raw != null && raw.has("config")) {
                m.put("config", w.writeValueAsString(raw.get("config")));
            }
            if (raw != null && raw.has("expected")) {
                m.put("expectedJson", w.writeValueAsString(raw.get("expected")));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private Map<String, Object> tortureVector(TortureVector v, JsonNode raw) {
        Map<String, Object> m = vectorBase("torture", v.id(), v.group(), v.description(), v.requirements());
        var w = SpecFiles.json().writerWithDefaultPrettyPrinter();
        try {
            if (v.isScenario()) {
                m.put("input", "scenario " + v.scenario() + "\n" + w.writeValueAsString(v.params()));
            } else {
                List<String> steps = new ArrayList<>();
                for (TortureVector.Step st : v.send()) {
                    steps.add(st.text() != null ? (st.times() > 1 ? st.times() + " x " : "") + Escapes.quote(st.text())
                            : st.bytes() != null ? "bytes " + Escapes.hex(st.bytes(), 48)
                            : st.pauseMs() != null ? "pause " + st.pauseMs() + " ms" : "half-close");
                }
                m.put("input", String.join("\n", steps));
            }
            if (!v.needs().isEmpty()) {
                m.put("config", "needs " + String.join(", ", v.needs()));
            }
            m.put("expectedJson", w.writeValueAsString(raw == null ? v.expected() : raw.get("expected")));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return m;
    }

    private Map<String, JsonNode> rawVectors(String kind) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        try (var s = Files.list(root.resolve("spec/vectors").resolve(kind))) {
            for (Path f : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                for (JsonNode v : SpecFiles.json().readTree(f.toFile()).path("vectors")) {
                    out.put(v.path("id").asText(), v);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out;
    }

    private static String events(List<ExpectedEvent> events) {
        if (events.isEmpty()) {
            return "(no event)";
        }
        List<String> lines = new ArrayList<>();
        events.forEach(e -> lines.add(e.toString()));
        return String.join("\n", lines);
    }

    /** Input bytes with CR, LF, NUL and other controls escaped; hex as well when they are not valid UTF-8. */
    private static String bytesText(byte[] b) {
        String text = Escapes.quote(decode(b));
        try {
            StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(b));
            return text;
        } catch (CharacterCodingException e) {
            return text + "\nbytes: " + Escapes.hex(b, 256);
        }
    }

    private static String decode(byte[] b) {
        return new String(b, StandardCharsets.UTF_8);
    }

    // ---- requirements ----

    private Map<String, Object> reqModel(Requirement r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("id", r.id());
        m.put("level", r.level());
        m.put("levelClass", r.level().toLowerCase());
        m.put("side", r.side());
        m.put("title", r.title());
        m.put("quote", r.quote());
        m.put("section", r.section());
        m.put("untestable", r.untestable());
        String a = r.anchor() == null ? "" : r.anchor();
        if (a.startsWith("contract.md")) {
            m.put("specHref", "../contract.html" + a.substring("contract.md".length()));
            String anchor = a.substring(a.indexOf('#') + 1);
            m.put("specName", "sse-kit contract: " + contractHeadings.getOrDefault(anchor, anchor));
        } else if (a.startsWith("http")) {
            m.put("specHref", a);
            m.put("specName", (a.startsWith(specUrl) ? "WHATWG HTML " : "") + r.section() + " (" + a.replaceFirst("https?://", "") + ")");
        } else if (a.startsWith("#")) {
            m.put("specHref", specUrl + a);
            m.put("specName", "WHATWG HTML " + r.section());
        }
        List<Map<String, Object>> vs = vectorsByReq.getOrDefault(r.id(), List.of());
        m.put("vectors", vs);
        m.put("vectorCount", vs.size());
        List<Map<String, Object>> ts = new ArrayList<>();
        for (TestCitations.Citation c : testsByReq.getOrDefault(r.id(), List.of())) {
            Map<String, Object> t = new LinkedHashMap<>();
            t.put("module", c.module());
            t.put("name", c.className() + "#" + c.method());
            t.put("displayName", c.displayName());
            ts.add(t);
        }
        m.put("tests", ts);
        m.put("testCount", ts.size());
        ResultsMatrix.Row row = all.row(r.id());
        int resultCases = row.cells().stream().mapToInt(c -> c.cases().size()).sum();
        m.put("resultCount", resultCases);
        m.put("status", status(r, vs.size(), ts.size(), resultCases));
        List<Map<String, Object>> results = new ArrayList<>();
        for (ResultsMatrix.Cell c : row.cells()) {
            Map<String, Object> x = new LinkedHashMap<>();
            x.put("subject", c.subject());
            x.put("reference", subjects.get(c.subject()).reference());
            if (c.cases().isEmpty()) {
                x.put("outcome", r.isTestable() ? "no case" : "untestable");
                x.put("outcomeClass", r.isTestable() ? "none" : "untestable");
            } else {
                String w = c.outcome().word();
                x.put("outcome", w);
                x.put("outcomeClass", w);
                x.put("href", "../../compare/" + c.subject() + ".html#" + r.id());
                x.put("cases", c.cases().size());
            }
            results.add(x);
        }
        m.put("results", results);
        return m;
    }

    /** Vectors and JUnit tests first; a requirement only a results case cites (an sse-kit check) is "check". */
    private static String status(Requirement r, int vectors, int tests, int resultCases) {
        if (!r.isTestable()) {
            return "untestable";
        }
        if (vectors > 0 && tests > 0) {
            return "vector + test";
        }
        return vectors > 0 ? "vector" : tests > 0 ? "test" : resultCases > 0 ? "check" : "uncovered";
    }

    private List<Map<String, Object>> areas(List<Map<String, Object>> rows) {
        Map<String, List<Map<String, Object>>> by = new LinkedHashMap<>();
        rows.forEach(r -> by.computeIfAbsent(((String) r.get("id")).replaceFirst("-.*", ""), k -> new ArrayList<>()).add(r));
        List<Map<String, Object>> out = new ArrayList<>();
        by.forEach((a, rs) -> {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("name", a);
            m.put("title", areaTitle(a));
            m.put("rows", rs);
            m.put("count", rs.size());
            out.add(m);
        });
        return out;
    }

    static String areaTitle(String area) {
        return switch (area) {
            case "PARSE" -> "Parsing the event stream";
            case "PROC" -> "Processing: connection, reconnection, EventSource";
            case "CORS" -> "CORS and credentials";
            case "AUTH" -> "Authoring: what servers send";
            case "API" -> "The reference servers' /api/sse contract";
            case "HTTP" -> "HTTP/1.1 against hostile clients";
            case "ENC" -> "The encoder";
            case "KIT" -> "The kit itself: command line and docs";
            default -> area;
        };
    }

    private void requirementPages() {
        List<Map<String, Object>> rows = new ArrayList<>();
        for (Requirement r : reqs.all()) {
            Map<String, Object> m = reqModel(r);
            rows.add(m);
            write("reference/requirements/" + r.id() + ".html", "requirement", r.id() + " " + r.title(), m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("areas", areas(rows));
        m.put("count", rows.size());
        m.put("specUrl", specUrl);
        write("reference/requirements/index.html", "requirements", "Requirements", m);
    }

    private void coveragePage() {
        List<Map<String, Object>> rows = new ArrayList<>();
        Map<String, Integer> counts = new LinkedHashMap<>();
        for (String k : List.of("vector + test", "vector", "test", "check", "untestable", "uncovered")) {
            counts.put(k, 0);
        }
        int byVector = 0;
        int byTest = 0;
        for (Requirement r : reqs.all()) {
            Map<String, Object> m = reqModel(r);
            counts.merge((String) m.get("status"), 1, Integer::sum);
            byVector += (int) m.get("vectorCount") > 0 ? 1 : 0;
            byTest += (int) m.get("testCount") > 0 ? 1 : 0;
            m.put("statusClass", ((String) m.get("status")).replace(" + ", "-"));
            rows.add(m);
        }
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("areas", areas(rows));
        m.put("total", rows.size());
        m.put("byVector", byVector);
        m.put("byTest", byTest);
        m.put("untestableCount", counts.get("untestable"));
        m.put("uncovered", counts.get("uncovered"));
        m.put("byCheck", counts.get("check"));
        m.put("uncoveredRows", rows.stream().filter(x -> x.get("status").equals("uncovered")).toList());
        m.put("untestableRows", rows.stream().filter(x -> x.get("status").equals("untestable")).toList());
        m.put("covered", rows.size() - counts.get("untestable") - counts.get("uncovered"));
        write("reference/coverage.html", "coverage", "Coverage", m);
    }

    private void contractPage() throws IOException {
        String md = Files.readString(root.resolve("spec/contract.md"), StandardCharsets.UTF_8);
        var ext = List.of(TablesExtension.create(), HeadingAnchorExtension.create());
        String html = HtmlRenderer.builder().extensions(ext).escapeHtml(true).build()
                .render(Parser.builder().extensions(ext).build().parse(md));
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("body", html);
        write("reference/contract.html", "contract", "The sse-kit contract", m);
    }

    // ---- comparison ----

    private void comparePages() {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("main", matrix(Results.Group.MAIN));
        m.put("parsers", matrix(Results.Group.PARSERS));
        m.put("torture", matrix(Results.Group.TORTURE));
        m.put("clients", ClientsPage.model("en", List.copyOf(subjects.values()), reqs, ""));
        List<Map<String, Object>> words = new ArrayList<>();
        String[][] legend = {
            {"pass", "The requirement is met."},
            {"fail", "A MUST is not met."},
            {"non-strict", "A SHOULD (or MAY) is not met."},
            {"info", "A fact worth showing that is neither a pass nor a failure."},
            {"not-applicable", "The subject does not offer what the case needs (for example, the tutorial server has no /api/feed)."},
            {"not-run", "The case could not run here; its detail says why."},
            {"untestable", "The requirement cannot be observed from outside; the requirement page says why."},
        };
        for (String[] l : legend) {
            words.add(Map.of("word", l[0], "meaning", l[1]));
        }
        m.put("legend", words);
        List<Map<String, Object>> reference = new ArrayList<>();
        for (Results.Subject s : subjects.values()) {
            if (s.reference()) {
                reference.add(Map.of("name", s.name(), "file", relative(s.file().file()), "generated", s.file().generated(),
                        "command", Results.command(root, s.name())));
            }
        }
        m.put("reference", reference);
        m.put("hasReference", !reference.isEmpty());
        m.put("referenceDir", Results.REFERENCE);
        write("compare/index.html", "compare", "Conformance comparison", m);
        Map<String, Object> zh = new LinkedHashMap<>();
        zh.put("clients", ClientsPage.model("zh-CN", List.copyOf(subjects.values()), reqs, "../../compare/"));
        zh.put("lang", "zh-CN");
        write("zh-CN/compare/clients.html", "clients-zh", "客户端一致性矩阵", zh);
        for (Results.Subject s : subjects.values()) {
            write("compare/" + s.name() + ".html", "subject", s.name() + " results", subjectModel(s));
        }
    }

    private static ResultsMatrix matrixOf(List<Results.Subject> subjects) {
        return ResultsMatrix.of(subjects.stream().map(s -> new ResultsMatrix.Column(s.name(), s.file())).toList(),
                Requirements.load());
    }

    /**
     * One group's matrix: its subjects as columns; the main group shows every requirement, the others only those some
     * case cites.
     */
    private Map<String, Object> matrix(Results.Group group) {
        List<Results.Subject> members = subjects.values().stream().filter(s -> s.group() == group).toList();
        ResultsMatrix matrix = matrixOf(members);
        String prefix = group.anchorPrefix;
        Map<String, Object> m = new LinkedHashMap<>();
        List<Map<String, Object>> columns = new ArrayList<>();
        for (Results.Subject s : members) {
            Map<String, Object> c = new LinkedHashMap<>();
            c.put("name", s.name());
            c.put("href", s.name() + ".html");
            c.put("generated", s.file().generated());
            c.put("reference", s.reference());
            List<Map<String, Object>> counts = new ArrayList<>();
            s.file().counts().forEach((o, n) -> {
                if (n > 0) {
                    counts.add(Map.of("word", o.word(), "n", n));
                }
            });
            c.put("counts", counts);
            columns.add(c);
        }
        m.put("columns", columns);
        List<Map<String, Object>> rows = new ArrayList<>();
        List<ResultsMatrix.Area> areas = group == Results.Group.MAIN ? matrix.areas() : matrix.citedAreas();
        for (ResultsMatrix.Row mr : areas.stream().flatMap(a -> a.rows().stream()).toList()) {
            Requirement r = mr.requirement();
            List<Map<String, Object>> cells = new ArrayList<>();
            for (ResultsMatrix.Cell mc : mr.cells()) {
                String n = mc.subject();
                Map<String, Object> cell = new LinkedHashMap<>();
                if (mc.cases().isEmpty()) {
                    cell.put("word", r.isTestable() ? "" : "untestable");
                    cell.put("title", r.isTestable() ? n + ": no case cites " + r.id() : r.untestable());
                } else {
                    String w = mc.outcome().word();
                    cell.put("word", w);
                    cell.put("n", mc.cases().size());
                    cell.put("href", n + ".html#" + r.id());
                    cell.put("title", n + ", " + r.id() + ": " + mc.cases().size() + " case(s), worst " + w);
                }
                cells.add(cell);
            }
            // Autobahn-style case rows: every case ID any subject has for this requirement, one cell per subject
            List<Map<String, Object>> caseRows = new ArrayList<>();
            for (ResultsMatrix.CaseRow cr : mr.caseRows()) {
                List<Map<String, Object>> cc = new ArrayList<>();
                for (int i = 0; i < members.size(); i++) {
                    String n = members.get(i).name();
                    ResultsMatrix.Case c = cr.cells().get(i);
                    Map<String, Object> x = new LinkedHashMap<>();
                    x.put("word", c == null ? "" : c.outcome().word());
                    x.put("title", c == null ? n + ": no such case" : n + ": " + c.outcome().word());
                    if (c != null) {
                        x.put("href", n + ".html#" + r.id() + "-c" + c.index());
                    }
                    cc.add(x);
                }
                Map<String, Object> row = new LinkedHashMap<>();
                row.put("caseId", cr.caseId());
                row.put("cells", cc);
                caseRows.add(row);
            }
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("cases", caseRows);
            row.put("caseCount", caseRows.size());
            row.put("rowKey", prefix + r.id());
            row.put("id", r.id());
            row.put("level", r.level());
            row.put("title", r.title());
            row.put("cells", cells);
            rows.add(row);
        }
        m.put("areas", areas(rows));
        m.put("span", members.size() + 2);
        m.put("anchorPrefix", prefix);
        return m;
    }

    private Map<String, Object> subjectModel(Results.Subject s) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("name", s.name());
        m.put("generated", s.file().generated());
        m.put("file", relative(s.file().file()));
        m.put("reference", s.reference());
        m.put("command", Results.command(root, s.name()));
        List<Map<String, Object>> meta = new ArrayList<>();
        s.file().meta().forEach((k, v) -> meta.add(Map.of("key", k, "value", v)));
        m.put("meta", meta);
        m.put("hasMeta", !meta.isEmpty());
        List<Map<String, Object>> counts = new ArrayList<>();
        s.file().counts().forEach((o, n) -> counts.add(Map.of("word", o.word(), "n", n)));
        m.put("counts", counts);
        List<Map<String, Object>> rows = new ArrayList<>();
        for (ResultsMatrix.Row mr : matrixOf(List.of(s)).rows()) {
            ResultsMatrix.Cell cell = mr.cells().get(0);
            if (cell.cases().isEmpty()) {
                continue;
            }
            Requirement r = mr.requirement();
            Map<String, Object> row = new LinkedHashMap<>();
            row.put("id", r.id());
            row.put("title", r.title());
            row.put("level", r.level());
            row.put("word", cell.outcome().word());
            List<Map<String, Object>> cl = new ArrayList<>();
            for (ResultsMatrix.Case c : cell.cases()) {
                ResultEntry e = c.entry();
                Map<String, Object> x = new LinkedHashMap<>();
                x.put("id", e.id());
                x.put("anchor", r.id() + "-c" + c.index());
                x.put("kind", e.kind());
                x.put("word", e.outcome().word());
                x.put("open", e.outcome() != Outcome.PASS);
                x.put("expected", e.expected());
                x.put("actual", e.actual());
                x.put("detail", e.detail());
                cl.add(x);
            }
            row.put("cases", cl);
            rows.add(row);
        }
        m.put("areas", areas(rows));
        return m;
    }

    /** A file's path from the repository root, with forward slashes. */
    private String relative(Path f) {
        return root.relativize(f).toString().replace('\\', '/');
    }

    // ---- SSE in the frameworks ----

    /** The report's fragment per language ({@code frameworks.<lang>.adoc}), included by the Learn pages. */
    private void frameworksFragments(Path generated) throws IOException {
        List<Results.Subject> frameworks = subjects.values().stream().filter(FrameworksPage::isFramework).toList();
        FrameworksPage.Notes notes = FrameworksPage.notes(root);
        for (String lang : FrameworksPage.LANGUAGES) {
            Files.writeString(generated.resolve("frameworks." + lang + ".adoc"),
                    FrameworksPage.render(lang, frameworks, notes, reqs), StandardCharsets.UTF_8);
        }
    }

    // ---- attributes ----

    private List<Map<String, Object>> attributes(BenchData bench) {
        Map<String, String> a = new LinkedHashMap<>(bench.attributes());
        List<String> parsers = new ArrayList<>(BenchData.PARSERS);
        subjects.keySet().stream().filter(n -> n.startsWith("parser-")).map(n -> n.substring("parser-".length()))
                .filter(p -> !parsers.contains(p)).forEach(parsers::add);
        for (String p : parsers) {
            ResultsFile f = file("parser-" + p);
            a.put("parser-" + p + "-pass", f == null ? "n/a" : Integer.toString(f.count(Outcome.PASS)));
            a.put("parser-" + p + "-fail", f == null ? "n/a" : Integer.toString(f.count(Outcome.FAIL) + f.count(Outcome.NON_STRICT)));
            a.putIfAbsent("parser-" + p + "-stream-mibs", "n/a");
        }
        ResultsFile ex = file("express-tutorial");
        a.put("check-express-pass", ex == null ? "n/a" : Integer.toString(ex.count(Outcome.PASS)));
        a.put("check-express-fail", ex == null ? "n/a" : Integer.toString(ex.count(Outcome.FAIL) + ex.count(Outcome.NON_STRICT)));
        a.put("check-express-must-fail", ex == null ? "n/a" : Integer.toString(ex.count(Outcome.FAIL)));
        a.put("check-express-non-strict", ex == null ? "n/a" : Integer.toString(ex.count(Outcome.NON_STRICT)));
        a.put("req-count", String.valueOf(reqs.all().size()));
        a.put("req-must", String.valueOf(reqs.all().stream().filter(Requirement::isMust).count()));
        a.put("vectors-parse", String.valueOf(Vectors.parse().size()));
        a.put("vectors-encode", String.valueOf(Vectors.encode().size()));
        a.put("vectors-stream", String.valueOf(Vectors.stream().size()));
        a.put("vectors-torture", String.valueOf(Vectors.torture().size()));
        List<Map<String, Object>> out = new ArrayList<>();
        a.forEach((k, v) -> out.add(Map.of("key", k, "value", v == null || v.isBlank() ? "n/a" : v)));
        return out;
    }

    private ResultsFile file(String subject) {
        Results.Subject s = subjects.get(subject);
        return s == null ? null : s.file();
    }

    // ---- output ----

    String render(String template, Map<String, Object> model) {
        StringWriter w = new StringWriter();
        mf.compile(template + ".mustache").execute(w, model);
        return w.toString();
    }

    private void write(String path, String template, String title, Map<String, Object> model) {
        int depth = path.split("/").length - 1;
        String rel = "../".repeat(depth);
        Map<String, Object> m = new LinkedHashMap<>(model);
        m.put("root", rel);
        m.put("pageTitle", title);
        m.putIfAbsent("lang", "en");
        StringWriter navOut = new StringWriter();
        (path.startsWith("zh-CN/") ? navZh : nav).execute(navOut, Map.of("root", rel));
        m.put("nav", navOut.toString());
        try {
            Path out = site.resolve(path);
            Files.createDirectories(out.getParent());
            Files.writeString(out, render(template, m), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot write " + path + ": " + e.getMessage(), e);
        }
    }
}
