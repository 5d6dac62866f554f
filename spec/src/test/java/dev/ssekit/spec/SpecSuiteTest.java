package dev.ssekit.spec;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import com.fasterxml.jackson.databind.JsonNode;
import com.networknt.schema.Error;
import com.networknt.schema.Schema;
import com.networknt.schema.SchemaRegistry;
import com.networknt.schema.SpecificationVersion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** Checks the suite itself: schemas, IDs, citations, coverage, descriptions, and requirements.md. */
class SpecSuiteTest {

    static Path root;
    static Path spec;
    static Requirements reqs;
    /** kind ("parse", "encode", "stream", "torture", "client") to the vector files of that kind, as parsed JSON. */
    static Map<String, Map<Path, JsonNode>> files = new LinkedHashMap<>();

    @BeforeAll
    static void load() throws IOException {
        root = Path.of(System.getProperty("sse.root", "..")).toAbsolutePath().normalize();
        spec = root.resolve("spec");
        System.setProperty("sse.spec.dir", spec.toString());
        reqs = Requirements.load();
        for (String kind : List.of("parse", "encode", "stream", "torture", "client")) {
            Map<Path, JsonNode> m = new TreeMap<>();
            Path dir = spec.resolve("vectors").resolve(kind);
            if (Files.isDirectory(dir)) {
                try (Stream<Path> s = Files.list(dir)) {
                    for (Path p : s.filter(p -> p.toString().endsWith(".json")).sorted().toList()) {
                        m.put(p, SpecFiles.json().readTree(p.toFile()));
                    }
                }
            }
            files.put(kind, m);
        }
    }

    @Test
    @DisplayName("requirements.json is valid against requirements.schema.json")
    void requirementsMatchTheirSchema() throws IOException {
        assertValid(spec.resolve("requirements.schema.json"), spec.resolve("requirements.json"),
                SpecFiles.json().readTree(spec.resolve("requirements.json").toFile()));
    }

    @Test
    @DisplayName("every vector file is valid against vector.schema.json (client scenarios: client.schema.json)")
    void vectorFilesMatchTheSchema() {
        List<String> problems = new ArrayList<>();
        files.forEach((kind, m) -> {
            Path schema = spec.resolve(kind.equals("client") ? "vectors/client.schema.json" : "vectors/vector.schema.json");
            m.forEach((p, json) -> problems.addAll(validate(schema, p, json)));
        });
        assertTrue(problems.isEmpty(), () -> "schema violations:\n" + String.join("\n", problems));
    }

    @Test
    @DisplayName("vector IDs are unique, well formed and match their kind and group")
    void vectorIdsAreUniqueAndWellFormed() {
        Set<String> seen = new HashSet<>();
        List<String> problems = new ArrayList<>();
        Pattern shape = Pattern.compile("^(parse|encode|stream|torture|client)/[a-z0-9]+(-[a-z0-9]+)*/[a-z0-9]+(-[a-z0-9]+)*$");
        files.forEach((kind, m) -> m.forEach((p, json) -> {
            String group = json.path("group").asText();
            for (JsonNode v : json.path("vectors")) {
                String id = v.path("id").asText();
                if (!seen.add(id)) {
                    problems.add(id + ": duplicate ID");
                }
                if (!shape.matcher(id).matches()) {
                    problems.add(id + ": not of the form <kind>/<group>/<name> in lowercase kebab-case");
                } else if (!id.startsWith(kind + "/" + group + "/")) {
                    problems.add(id + ": lives in " + p.getFileName() + " (" + kind + "/" + group + ")");
                }
            }
        }));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    @DisplayName("requirement IDs are well formed, unique and carry what they need")
    void requirementsAreWellFormed() {
        List<String> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (Requirement r : reqs.all()) {
            if (!Requirements.ID.matcher(r.id()).matches()) {
                problems.add(r.id() + ": ID not of the form AREA-NNN");
            }
            if (!seen.add(r.id())) {
                problems.add(r.id() + ": duplicate");
            }
            if (r.quote() == null || r.quote().isBlank() || r.anchor() == null || r.anchor().isBlank()) {
                problems.add(r.id() + ": needs a quote and an anchor");
            }
        }
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    @DisplayName("every requirement a vector cites exists")
    void vectorsCiteOnlyKnownRequirements() {
        List<String> problems = new ArrayList<>();
        forEachVector((id, v) -> {
            if (v.path("requirements").isEmpty()) {
                problems.add(id + ": cites no requirement");
            }
            for (JsonNode r : v.path("requirements")) {
                if (reqs.find(r.asText()).isEmpty()) {
                    problems.add(id + ": cites unknown " + r.asText());
                }
            }
        });
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    @DisplayName("descriptions state facts: no 'should', no 'test that'")
    void descriptionsStateFacts() {
        Pattern banned = Pattern.compile("\\bshould\\b|\\btest that\\b|\\btests that\\b");
        List<String> problems = new ArrayList<>();
        forEachVector((id, v) -> {
            String d = v.path("description").asText();
            if (d.isBlank()) {
                problems.add(id + ": no description");
            } else if (banned.matcher(d.toLowerCase(Locale.ROOT)).find()) {
                problems.add(id + ": " + d);
            }
        });
        files.values().forEach(m -> m.forEach((p, json) -> {
            if (banned.matcher(json.path("description").asText().toLowerCase(Locale.ROOT)).find()) {
                problems.add(p.getFileName() + ": group description: " + json.path("description").asText());
            }
        }));
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    @Test
    @DisplayName("at least 150 parse vectors and 40 encode vectors")
    void vectorCountsMeetTheFloor() {
        int parse = count("parse");
        int encode = count("encode");
        System.out.printf("[sse-kit] vectors: parse=%d encode=%d stream=%d torture=%d client=%d%n", parse, encode,
                count("stream"), count("torture"), count("client"));
        assertTrue(parse >= 150, "parse vectors: " + parse);
        assertTrue(encode >= 40, "encode vectors: " + encode);
    }

    @Test
    @DisplayName("every test in the build cites existing requirements in its display name")
    void testsCiteKnownRequirements() throws IOException {
        TestCitations c = TestCitations.scan(root);
        List<String> problems = new ArrayList<>(c.problems());
        c.cited().forEach((id, where) -> {
            if (reqs.find(id).isEmpty()) {
                problems.add(where + ": cites unknown requirement " + id);
            }
        });
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
        assertTrue(c.testMethods() > 0, "no test methods found under " + root);
    }

    @Test
    @DisplayName("every MUST is covered by a vector or a test, or is marked untestable")
    void everyMustIsCovered() throws IOException {
        Set<String> covered = new TreeSet<>();
        forEachVector((id, v) -> v.path("requirements").forEach(r -> covered.add(r.asText())));
        covered.addAll(TestCitations.scan(root).cited().keySet());
        List<String> uncovered = new ArrayList<>();
        int must = 0;
        int untestable = 0;
        for (Requirement r : reqs.all()) {
            if (!r.isMust()) {
                continue;
            }
            must++;
            if (!r.isTestable()) {
                untestable++;
            } else if (!covered.contains(r.id())) {
                uncovered.add(r.id() + " " + r.title());
            }
        }
        System.out.printf("[sse-kit] MUST requirements: %d, covered: %d, untestable: %d, uncovered: %d%n", must,
                must - untestable - uncovered.size(), untestable, uncovered.size());
        assertTrue(uncovered.isEmpty(), () -> "MUSTs with no vector, no test and no untestable reason:\n  "
                + String.join("\n  ", uncovered));
    }

    @Test
    @DisplayName("requirements.md is generated from requirements.json")
    void requirementsMarkdownIsCurrent() throws IOException {
        String expected = RequirementsMarkdown.render(reqs.all());
        Path md = spec.resolve("requirements.md");
        if (Boolean.getBoolean("sse.regenerate")) {
            Files.writeString(md, expected, StandardCharsets.UTF_8);
        }
        String actual = Files.exists(md) ? Files.readString(md, StandardCharsets.UTF_8) : "";
        if (!expected.equals(actual)) {
            fail("spec/requirements.md is out of date; regenerate it with\n"
                    + "  ./mvnw -q -pl spec test -Dtest=SpecSuiteTest#requirementsMarkdownIsCurrent -Dsse.regenerate=true");
        }
    }

    @Test
    @DisplayName("the CHANGELOG names every requirement ID")
    void changelogNamesEveryId() throws IOException {
        String log = Files.readString(spec.resolve("CHANGELOG.md"), StandardCharsets.UTF_8);
        List<String> missing = reqs.all().stream().map(Requirement::id).filter(id -> !mentions(log, id)).toList();
        assertEquals(List.of(), missing, "IDs missing from spec/CHANGELOG.md");
    }

    private static boolean mentions(String log, String id) {
        if (log.contains(id)) {
            return true;
        }
        // ranges such as PARSE-001..031
        Matcher m = Pattern.compile("([A-Z][A-Z0-9]*)-(\\d{3})\\.\\.(\\d{3})").matcher(log);
        String area = id.substring(0, id.indexOf('-'));
        int n = Integer.parseInt(id.substring(id.indexOf('-') + 1));
        while (m.find()) {
            if (m.group(1).equals(area) && Integer.parseInt(m.group(2)) <= n && n <= Integer.parseInt(m.group(3))) {
                return true;
            }
        }
        return false;
    }

    private static int count(String kind) {
        return files.get(kind).values().stream().mapToInt(j -> j.path("vectors").size()).sum();
    }

    private interface VectorVisitor {
        void visit(String id, JsonNode vector);
    }

    private static void forEachVector(VectorVisitor visitor) {
        files.values().forEach(m -> m.values().forEach(json -> json.path("vectors")
                .forEach(v -> visitor.visit(v.path("id").asText(), v))));
    }

    private static void assertValid(Path schema, Path file, JsonNode json) {
        List<String> problems = validate(schema, file, json);
        assertTrue(problems.isEmpty(), () -> String.join("\n", problems));
    }

    private static List<String> validate(Path schemaFile, Path file, JsonNode json) {
        Schema schema;
        try (InputStream in = Files.newInputStream(schemaFile)) {
            schema = SchemaRegistry.withDefaultDialect(SpecificationVersion.DRAFT_2020_12).getSchema(in);
        } catch (IOException e) {
            throw new IllegalStateException("cannot read " + schemaFile, e);
        }
        List<String> out = new ArrayList<>();
        for (Error e : schema.validate(json)) {
            out.add(root.relativize(file) + ": " + e);
        }
        return out;
    }
}
