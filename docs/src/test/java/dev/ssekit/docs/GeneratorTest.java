package dev.ssekit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class GeneratorTest {

    @TempDir
    Path root;

    @Test
    @DisplayName("[KIT-010] without benchmark files every bench attribute still exists, as n/a")
    void missingBenchDataIsNa() {
        Map<String, String> a = BenchData.load(root).attributes();
        for (String k : List.of("bench-machine", "bench-date", "bench-fanout-subscribers", "bench-fanout-ours-undertow-eps",
                "bench-fanout-baseline-undertow-p99ms", "bench-stream-express-eps", "bench-stream-ceiling-ttfe-ms",
                "bench-hold-ours-vertx-heap-kib", "parser-spring-stream-mibs")) {
            assertEquals("n/a", a.get(k), k);
        }
        assertTrue(a.values().stream().allMatch("n/a"::equals), a.toString());
    }

    @Test
    @DisplayName("[KIT-010] bench attributes come from servers.json and parsers.json: max sustained fan-out, p99, heap per stream")
    void benchAttributesComeFromTheJson() throws IOException {
        Path dir = Files.createDirectories(root.resolve("bench/target/bench"));
        Files.writeString(dir.resolve("servers.json"), """
                {"mode":"quick","machine":{"cores":2,"os":"Linux"},"subjects":{"ours-undertow":{
                  "fanout":{"200":{"subscribers":200,"maxSustainedDeliveredPerSec":1595192,"atMax":{"p99Ms":15.263}}},
                  "stream":{"eventsPerSec":1229789,"timeToFirstEvent":{"p50Ms":3.377}},
                  "hold":{"heapPerConnBytes":6394}}}}""", StandardCharsets.UTF_8);
        Files.writeString(dir.resolve("parsers.json"), """
                {"results":[{"parser":"ours","corpus":"stream-1mib","mibPerSec":1042.04}]}""", StandardCharsets.UTF_8);
        Map<String, String> a = BenchData.load(root).attributes();
        assertEquals("200", a.get("bench-fanout-subscribers"));
        assertEquals("1,595,192", a.get("bench-fanout-ours-undertow-eps"));
        assertEquals("15.3", a.get("bench-fanout-ours-undertow-p99ms"));
        assertEquals("1,229,789", a.get("bench-stream-ours-undertow-eps"));
        assertEquals("3.4", a.get("bench-stream-ours-undertow-ttfe-ms"));
        assertEquals("6.2", a.get("bench-hold-ours-undertow-heap-kib"));
        assertEquals("1042.0", a.get("parser-ours-stream-mibs"));
        assertEquals("n/a", a.get("bench-fanout-ours-vertx-eps"));
        assertEquals("2 cores, Linux", a.get("bench-machine"));
    }

    @Test
    @DisplayName("[KIT-010] a servers.json with rounds: the page shows median [min..max], the file's per-round ratios and the load range; the attributes quote the medians")
    void roundsShowMedianAndRange() throws IOException {
        Path dir = Files.createDirectories(root.resolve("bench/target/bench"));
        Files.writeString(dir.resolve("servers.json"), """
                {"mode":"full","rounds":3,"loadAverage":{"oneMinuteMin":0.21,"oneMinuteMax":1.62,"warnAbove":1.5,"startsAboveWarning":2},
                 "subjects":{
                  "ceiling-nio":{"fanout":{"1000":{"subscribers":1000,"maxSustainedDeliveredPerSec":200,"atMax":{"p99Ms":5.0}}},
                    "summary":{"fanout@1000 ev/s":{"median":200,"min":100,"max":400,"perRound":[200,100,400]}}},
                  "ours-undertow":{"fanout":{"1000":{"subscribers":1000,"maxSustainedDeliveredPerSec":150,"atMax":{"p99Ms":9.0}}},
                    "summary":{"fanout@1000 ev/s":{"median":150,"min":120,"max":170,"perRound":[150,120,170]},
                      "fanout@1000 p99 ms":{"median":8.0,"min":7.0,"max":9.0,"perRound":[9.0,7.0,8.0]}}}},
                 "ratios":{"ours-undertow / ceiling-nio":{"fanout@1000 ev/s":{"median":0.75,"min":0.4,"max":1.2,"perRound":[0.75,1.2,0.4]}}}}
                """, StandardCharsets.UTF_8);
        BenchData d = BenchData.load(root);
        Map<String, String> a = d.attributes();
        assertEquals("150", a.get("bench-fanout-ours-undertow-eps"));
        assertEquals("150 [120..170]", a.get("bench-fanout-ours-undertow-eps-range"));
        assertEquals("8.0", a.get("bench-fanout-ours-undertow-p99ms"), "the median p99, not the median round's");
        assertEquals("3", a.get("bench-rounds"));
        Map<String, Object> m = d.model();
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("serverRows");
        assertEquals("150 [120..170]", rows.get(1).get("fanEps"));
        assertEquals("8.0 [7.0..9.0]", rows.get(1).get("fanP99"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ratios = (List<Map<String, Object>>) m.get("ratioRows");
        assertEquals("ours-undertow / ceiling-nio", ratios.get(0).get("pair"));
        assertEquals("0.75x [0.40..1.20]", ((List<?>) ratios.get(0).get("cells")).get(0));
        assertTrue(String.valueOf(m.get("serversLoad")).startsWith("0.21 to 1.62"), String.valueOf(m.get("serversLoad")));
    }

    @Test
    @DisplayName("[KIT-010] a servers.json written before rounds renders as one round: the values alone, ratios of that round")
    void singleRoundFileRenders() throws IOException {
        Path dir = Files.createDirectories(root.resolve("bench/results"));
        Files.writeString(dir.resolve("servers.json"), """
                {"mode":"full","machine":{"loadAverageAtStart":"0.50 0.40 0.30"},"subjects":{
                  "ceiling-nio":{"fanout":{"1000":{"subscribers":1000,"maxSustainedDeliveredPerSec":400,"atMax":{"p99Ms":5.0}}}},
                  "ours-vertx":{"fanout":{"1000":{"subscribers":1000,"maxSustainedDeliveredPerSec":100,"atMax":{"p99Ms":7.0}}}}}}
                """, StandardCharsets.UTF_8);
        Map<String, Object> m = BenchData.load(root).model();
        assertEquals(1, m.get("serversRounds"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("serverRows");
        assertEquals("100", rows.get(1).get("fanEps"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> ratios = (List<Map<String, Object>>) m.get("ratioRows");
        assertEquals("ours-vertx / ceiling-nio", ratios.get(0).get("pair"));
        assertEquals("0.25x", ((List<?>) ratios.get(0).get("cells")).get(0));
        assertEquals("0.50 0.40 0.30 (at the start)", m.get("serversLoad"));
    }

    @Test
    @DisplayName("[KIT-010] each corpus shows ours over the fastest peer and, when parsers.json has it, ours over the floor")
    void parserCorporaShowTheFloorFraction() throws IOException {
        Path dir = Files.createDirectories(root.resolve("bench/target/bench"));
        String corpora = """
                "corpora":{"json-4k":{"description":"d"},"tokens":{"description":"t"}},
                "results":[{"parser":"ours","corpus":"json-4k","mibPerSec":3000.0}],
                "oursOverFastestPeer":{"json-4k":{"fastestPeer":"okhttp","ratio":1.9},"tokens":{"fastestPeer":"okhttp","ratio":3.3}}""";
        Files.writeString(dir.resolve("parsers.json"), "{" + corpora + ",\"oursOverFloor\":{\"json-4k\":{\"ratio\":0.956}}}",
                StandardCharsets.UTF_8);
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) BenchData.load(root).model().get("corpora");
        assertEquals("1.90x okhttp", rows.get(0).get("ratio"));
        assertEquals("0.96x", rows.get(0).get("floorRatio"));
        assertEquals(null, rows.get(1).get("floorRatio"), "no floor figure for tokens in this file");
        Files.writeString(dir.resolve("parsers.json"), "{" + corpora + "}", StandardCharsets.UTF_8); // before the floor
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> old = (List<Map<String, Object>>) BenchData.load(root).model().get("corpora");
        assertEquals("1.90x okhttp", old.get(0).get("ratio"));
        assertEquals(null, old.get(0).get("floorRatio"));
    }

    @Test
    @DisplayName("[KIT-010] the frameworks table comes from frameworks.json: ours, the ceiling and each framework side by side, one not run with its reason")
    void frameworksTableComesFromTheJson() throws IOException {
        assertEquals(false, BenchData.load(root).model().get("hasFrameworks"));
        Path dir = Files.createDirectories(root.resolve("bench/results"));
        Files.writeString(dir.resolve("frameworks.json"), """
                {"mode":"frameworks","machine":{"cores":2,"loadAverageAtStart":"3.02 3.69 5.20"},"subjects":{
                  "ours-undertow":{"stream":{"eventsPerSec":2092385,"timeToFirstEvent":{"p50Ms":1.83,"p99Ms":10.0}},
                    "hold":{"streams":2000,"target":2000,"heapPerConnBytes":3174,"rssPerConnBytes":11274,"path":"/api/sse?interval=3600000&doc=tutorial"}},
                  "micronaut":{"stream":{"eventsPerSec":5768,"timeToFirstEvent":{"p50Ms":7.51,"p99Ms":152.4}},
                    "hold":{"streams":2000,"target":2000,"heapPerConnBytes":7774,"rssPerConnBytes":5195,"path":"/api/sse?interval=3600000"}},
                  "spring-mvc":{"status":"not-run","reason":"not built: subjects/spring-mvc/target/classpath.txt is missing"}},
                 "frameworks":{"micronaut":"Micronaut"}}""", StandardCharsets.UTF_8);
        Map<String, Object> m = BenchData.load(root).model();
        assertEquals(true, m.get("hasFrameworks"));
        assertEquals("3.02 3.69 5.20", m.get("frameworksLoad"));
        @SuppressWarnings("unchecked")
        List<Map<String, Object>> rows = (List<Map<String, Object>>) m.get("frameworkRows");
        assertEquals(List.of("ours-undertow", "micronaut", "spring-mvc"), rows.stream().map(r -> r.get("subject")).toList());
        assertEquals("sse-kit", rows.get(0).get("framework"));
        assertEquals("3.1", rows.get(0).get("heapKib"));
        assertEquals("Micronaut", rows.get(1).get("framework"));
        assertEquals("5,768", rows.get(1).get("streamEps"));
        assertEquals("7.6", rows.get(1).get("heapKib"));
        assertEquals("5.1", rows.get(1).get("rssKib"));
        assertEquals("2,000 of 2,000", rows.get(1).get("held"));
        assertEquals(null, rows.get(1).get("notRun"));
        assertEquals("not built: subjects/spring-mvc/target/classpath.txt is missing", rows.get(2).get("notRun"));
    }

    /** A results file as the suites write it, for {@code subject}, with one passing case. */
    private static void results(Path dir, String subject, String generated) throws IOException {
        Files.createDirectories(dir);
        Files.writeString(dir.resolve(subject + ".json"), """
                {"subject":"%s","format":"sse-kit-results/1","generated":"%s","meta":{},"counts":{"pass":1},
                 "entries":[{"id":"t","kind":"test","requirements":["PARSE-001"],"outcome":"pass","durationMs":1.0}]}"""
                .formatted(subject, generated), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[KIT-010] the subjects are the results files found: the build's, else the reference copy's, grouped by name")
    void subjectsComeFromTheFiles() throws IOException {
        results(root.resolve("servers/undertow/target/conformance"), "undertow", "fresh");
        results(root.resolve("bench/target/conformance"), "parser-ours", "fresh");
        results(root.resolve("subjects/jetty/target/conformance"), "jetty", "fresh");
        results(root.resolve("cli/target/compare/conformance"), "torture-command", "fresh");
        Path reference = root.resolve(Results.REFERENCE);
        for (String s : List.of("undertow", "protocol", "chromium", "parser-okhttp", "torture-vertx")) {
            results(reference, s, "reference");
        }
        Files.writeString(reference.resolve("servers.json"), "{\"mode\":\"quick\"}", StandardCharsets.UTF_8);

        Map<String, Results.Subject> subjects = Results.load(root);
        assertEquals(List.of("protocol", "undertow", "chromium", "jetty", "parser-ours", "parser-okhttp", "torture-vertx",
                "torture-command"), List.copyOf(subjects.keySet()), "grouped: main, parsers, torture; the usual order first");
        assertEquals("fresh", subjects.get("undertow").file().generated(), "the build's file before the reference copy");
        assertEquals(false, subjects.get("undertow").reference());
        assertEquals(true, subjects.get("chromium").reference());
        assertEquals(Results.Group.MAIN, subjects.get("jetty").group(), "a subject nobody listed still shows");
        assertEquals(Results.Group.PARSERS, subjects.get("parser-ours").group());
        assertEquals(Results.Group.TORTURE, subjects.get("torture-command").group());
    }

    @Test
    @DisplayName("[KIT-010] tests citing requirements are found by their display names, class-level names are skipped")
    void testCitationsAreScanned() throws IOException {
        Path src = Files.createDirectories(root.resolve("mod/src/test/java/x"));
        Files.writeString(src.resolve("ATest.java"), """
                package x;
                @DisplayName("[PARSE-001] the class")
                class ATest {
                    @Test
                    @DisplayName("[PARSE-004,PARSE-007] lines end at CR, LF or CRLF")
                    void lineEndings() {
                    }

                    %s
                    %s("no citation here")
                    void other(String s) {
                    }

                    @Property
                    @Label("[ENC-001] \\"quoted\\" text")
                    public void encodes() {
                    }
                }
                """.formatted("@Parameterized" + "Test", "@Display" + "Name"), StandardCharsets.UTF_8);
        List<TestCitations.Citation> c = TestCitations.scan(root);
        assertEquals(2, c.size(), c.toString());
        assertEquals("ATest", c.get(0).className());
        assertEquals("lineEndings", c.get(0).method());
        assertEquals("mod", c.get(0).module());
        assertEquals(List.of("PARSE-004", "PARSE-007"), c.get(0).ids());
        assertEquals("encodes", c.get(1).method());
        assertEquals("[ENC-001] \"quoted\" text", c.get(1).displayName());
    }

    @Test
    @DisplayName("[KIT-010] the frameworks report lists each framework subject with its findings, the requirement each breaks and the workaround, in both languages")
    void frameworksReportComesFromTheResults() throws IOException {
        Path dir = Files.createDirectories(root.resolve("subjects/acme/target/conformance"));
        Files.writeString(dir.resolve("acme.json"), """
                {"subject":"acme","format":"sse-kit-results/1","generated":"now",
                 "meta":{"framework":"Acme Web","framework.version":"1.2","framework.api":"Emitter<String>"},
                 "counts":{"pass":1,"fail":1,"not-run":1},
                 "entries":[{"id":"check/document/spaces","kind":"test","requirements":["API-008"],"outcome":"fail",
                             "expected":"\\" \\"","actual":"\\"\\" | <lost>","durationMs":1.0},
                            {"id":"check/document/newlines","kind":"test","requirements":["API-008"],"outcome":"pass","durationMs":1.0},
                            {"id":"check/generic/heartbeat","kind":"test","requirements":["AUTH-002"],"outcome":"not-run",
                             "detail":"the stream ended first","durationMs":1.0}]}""", StandardCharsets.UTF_8);
        Path other = Files.createDirectories(root.resolve("servers/undertow/target/conformance"));
        results(other, "undertow", "fresh");
        Path notes = root.resolve(FrameworksPage.NOTES);
        Files.createDirectories(notes.getParent());
        Files.writeString(notes, """
                {"topics":[{"case":"check/document/spaces","label":{"en":"Spaces","zh-CN":"空格"}},
                           {"case":"check/document/newlines","label":{"en":"Newlines","zh-CN":"换行"}}],
                 "generic":{"check/document/spaces":{"en":"Send two spaces.","zh-CN":"发两个空格。"}},
                 "workarounds":{}}""", StandardCharsets.UTF_8);

        List<Results.Subject> frameworks = Results.load(root).values().stream().filter(FrameworksPage::isFramework).toList();
        assertEquals(List.of("acme"), frameworks.stream().map(Results.Subject::name).toList(), "only subjects naming a framework");
        FrameworksPage.Notes n = FrameworksPage.notes(root);
        String en = FrameworksPage.render("en", frameworks, n, dev.ssekit.spec.Requirements.load());
        assertTrue(en.contains("|link:{compare}/acme.html[Acme Web] 1.2 |pass:[<code>Emitter&lt;String&gt;</code>] |fail |pass"), en);
        assertTrue(en.contains("link:{req}/API-008.html[API-008] (MUST)"), en);
        assertTrue(en.contains("\"\" &#124; &lt;lost&gt;"), "a subject's text is shown escaped: " + en);
        assertTrue(en.contains("Send two spaces."), en);
        assertTrue(en.contains("check/generic/heartbeat</code>]: pass:[<span class=\"seen\">the stream ended first"), en);
        String zh = FrameworksPage.render("zh-CN", frameworks, n, dev.ssekit.spec.Requirements.load());
        assertTrue(zh.contains("|框架 |API |空格 |换行") && zh.contains("发两个空格。"), zh);
    }

    @Test
    @DisplayName("[KIT-010] a subject written again without its framework (sse-kit compare's express-tutorial) keeps the framework its module's test named")
    void frameworkSticksToItsSubject() throws IOException {
        Path module = Files.createDirectories(root.resolve("subjects/express-tutorial/target/conformance"));
        Files.writeString(module.resolve("express-tutorial.json"), """
                {"subject":"express-tutorial","format":"sse-kit-results/1","generated":"old",
                 "meta":{"framework":"Express","framework.version":"5.3.0","framework.api":"res.write()"},"counts":{"pass":1},
                 "entries":[{"id":"t","kind":"test","requirements":["PARSE-001"],"outcome":"pass","durationMs":1.0}]}""",
                StandardCharsets.UTF_8);
        Path compare = root.resolve("bench/target/compare/conformance");
        results(compare, "express-tutorial", "new");
        Files.setLastModifiedTime(compare.resolve("express-tutorial.json"),
                java.nio.file.attribute.FileTime.fromMillis(System.currentTimeMillis() + 60_000));
        Results.Subject s = Results.load(root).get("express-tutorial");
        assertEquals("new", s.file().generated(), "the newer file is shown");
        assertEquals("Express", s.file().meta().get("framework"), s.file().meta().toString());
        assertTrue(FrameworksPage.isFramework(s));
    }
}
