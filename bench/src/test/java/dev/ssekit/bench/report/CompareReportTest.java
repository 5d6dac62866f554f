package dev.ssekit.bench.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The compare report over hand-written fixtures (test resources): a server and two clients, one of them failing. */
class CompareReportTest {

    private static final List<String> FIXTURES = List.of("fixture-server.json", "client-fixture-good.json",
            "client-fixture-broken.json");

    @TempDir
    Path tmp;

    private Path in;
    private Path out;

    @BeforeEach
    void copyFixtures() throws IOException {
        in = Files.createDirectories(tmp.resolve("conformance"));
        out = tmp.resolve("compare");
        for (String f : FIXTURES) {
            try (InputStream s = getClass().getResourceAsStream("fixtures/" + f)) {
                Files.copy(s, in.resolve(f));
            }
        }
    }

    private String html() throws IOException {
        return Files.readString(CompareReport.write(out, List.of(in), List.of()), StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[KIT-010,PROC-016] the Clients matrix shows a failing client's cell as fail, with its Expected and Actual on hover and in the details")
    void clientsMatrixShowsTheFailure() throws IOException {
        String html = html();
        String clients = html.substring(html.indexOf("<h2 id=\"clients\">"), html.indexOf("<h2>Benchmarks</h2>"));
        assertTrue(clients.contains("<th>Fixture Broken 0.9<br><small>headers</small></th>"), clients);
        assertTrue(clients.contains("<th colspan=\"4\">last-event-id</th>"), "grouped by theme: " + clients);
        String anchor = "client-fixture-broken--client-last-event-id-cleared-by-empty-id";
        assertTrue(clients.contains("<td class=\"o fail\" title=\"Fixture Broken 0.9: fail&#10;Expected: attempt 2: no Last-Event-ID header&#10;"
                + "Actual:   attempt 2: Last-Event-ID: &quot;7&quot;\"><a href=\"#" + anchor + "\">fail</a></td>"), clients);
        assertTrue(clients.contains("<span class=\"fail\">fail 2</span>"), "the summary row counts: " + clients);
        assertTrue(clients.contains("<td>PROC-015, PROC-016</td>"), clients);
        String details = html.substring(html.indexOf("<h2>Details</h2>"));
        assertTrue(details.contains("<h4 id=\"" + anchor + "\">Fixture Broken 0.9 · client/last-event-id/cleared-by-empty-id</h4>"),
                details);
        assertTrue(details.contains("Actual:   attempt 2 after 12 ms"), details);
        assertFalse(details.contains("Fixture Good 1.0 · client/retry"), "a pass has no detail: " + details);
    }

    @Test
    @DisplayName("[KIT-010] client results are no column of the server matrix, nor subjects of index.json")
    void clientsStayOutOfTheServerMatrix() throws IOException {
        String html = html();
        String servers = html.substring(html.indexOf("<h2>Subjects</h2>"), html.indexOf("<h2 id=\"clients\">"));
        assertTrue(servers.contains("<th>fixture-server</th>"), servers);
        assertFalse(servers.contains("client-fixture") || servers.contains("Fixture Good"), servers);
        JsonNode subjects = ResultsFiles.JSON.readTree(out.resolve("index.json").toFile()).path("subjects");
        assertEquals(List.of("fixture-server"), List.copyOf(iterable(subjects)));
    }

    @Test
    @DisplayName("[KIT-010,PROC-013] index.json has a clients member: each client's name, version, capabilities, counts and scenario results")
    void indexHasTheClients() throws IOException {
        html();
        JsonNode clients = ResultsFiles.JSON.readTree(out.resolve("index.json").toFile()).path("clients");
        assertEquals(List.of("client-fixture-broken", "client-fixture-good"), List.copyOf(iterable(clients)), "by file name");
        JsonNode broken = clients.path("client-fixture-broken");
        assertEquals("Fixture Broken", broken.path("client").asText());
        assertEquals("0.9", broken.path("version").asText());
        assertEquals("headers", broken.path("capabilities").path(0).asText());
        assertEquals(2, broken.path("counts").path("fail").asInt());
        JsonNode retry = broken.path("scenarios").path(1);
        assertEquals("client/retry/leading-zeros", retry.path("id").asText());
        assertEquals("retry", retry.path("theme").asText());
        assertEquals("fail", retry.path("outcome").asText());
        assertEquals("attempt 2 after 12 ms", retry.path("actual").asText());
        assertEquals("PROC-013", retry.path("requirements").path(1).asText());
        assertEquals("not-applicable", clients.path("client-fixture-good").path("scenarios").path(3).path("outcome").asText());
    }

    @Test
    @DisplayName("[KIT-010] with no client results the report says so instead of an empty matrix")
    void noClientsSaySo() throws IOException {
        Files.delete(in.resolve("client-fixture-good.json"));
        Files.delete(in.resolve("client-fixture-broken.json"));
        String html = html();
        assertTrue(html.contains("No client results in this run"), html);
        assertEquals(0, ResultsFiles.JSON.readTree(out.resolve("index.json").toFile()).path("clients").size());
    }

    private static List<String> iterable(JsonNode n) {
        List<String> names = new java.util.ArrayList<>();
        n.fieldNames().forEachRemaining(names::add);
        return names;
    }
}
