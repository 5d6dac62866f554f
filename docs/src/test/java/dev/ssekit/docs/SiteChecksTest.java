package dev.ssekit.docs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Each site check fails on a tiny fake site with the defect, and passes once it is fixed. */
class SiteChecksTest {

    @TempDir
    Path site;

    private void write(String rel, String text) throws IOException {
        Path p = site.resolve(rel);
        Files.createDirectories(p.getParent());
        Files.writeString(p, text, StandardCharsets.UTF_8);
    }

    @Test
    @DisplayName("[KIT-008] a link to a missing page and an anchor to a missing id are reported with file and target")
    void brokenLinksAreFound() throws IOException {
        write("index.html", "<a href=\"learn/a.html\">ok</a> <a href=\"learn/missing.html\">x</a> <a href=\"learn/a.html#nope\">y</a>");
        write("learn/a.html", "<h2 id=\"there\">t</h2><a href=\"../index.html\">up</a> <a href=\"#there\">here</a>"
                + " <a href=\"https://example.com/\">out</a> <img src=\"../img/gone.png\">");
        List<String> problems = SiteChecks.brokenLinks(site);
        assertEquals(3, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("index.html: broken link learn/missing.html"), problems.toString());
        assertTrue(problems.get(1).contains("broken anchor learn/a.html#nope"), problems.toString());
        assertTrue(problems.get(2).contains("learn/a.html: broken link ../img/gone.png"), problems.toString());

        write("learn/missing.html", "<p id=\"x\">now here</p>");
        write("img/gone.png", "png");
        write("learn/a.html", "<h2 id=\"there\">t</h2><h2 id=\"nope\">n</h2>");
        assertEquals(List.of(), SiteChecks.brokenLinks(site));
    }

    @Test
    @DisplayName("[KIT-008] a root-absolute link is refused: the site is served under /docs/ and from file://")
    void rootAbsoluteLinksAreRefused() throws IOException {
        write("index.html", "<a href=\"/learn/a.html\">x</a>");
        write("learn/a.html", "a");
        List<String> problems = SiteChecks.brokenLinks(site);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("root-absolute"), problems.toString());
    }

    @Test
    @DisplayName("[KIT-008] an unknown requirement ID in a page is reported with its line; known ones pass")
    void unknownIdsAreFound() throws IOException {
        write("learn/a.adoc", "= A\n\nSee PARSE-004 and PARSE-999.\nAlso KIT-1234 is not ID-shaped, nor XPARSE-004.\n");
        List<String> problems = SiteChecks.unknownIds(List.of(site.resolve("learn/a.adoc")), Set.of("PARSE-004"), site);
        assertEquals(List.of("learn/a.adoc:3: unknown requirement ID PARSE-999 (not in spec/requirements.json)"), problems);
        assertEquals(List.of(), SiteChecks.unknownIds(List.of(site.resolve("learn/a.adoc")), Set.of("PARSE-004", "PARSE-999"), site));
    }

    @Test
    @DisplayName("[KIT-008] a page left with Asciidoctor's Unresolved directive (a missing include) is reported")
    void unresolvedIncludesAreFound() throws IOException {
        write("guides/g.html", "<p>Unresolved directive in g.adoc - include::/nowhere/X.java[tag=x]</p>\n");
        write("guides/ok.html", "<p>fine</p>");
        List<String> problems = SiteChecks.unresolvedIncludes(site);
        assertEquals(1, problems.size(), problems.toString());
        assertTrue(problems.get(0).startsWith("guides/g.html: missing include: Unresolved directive in g.adoc"), problems.toString());
    }

    @Test
    @DisplayName("[KIT-010] a generated figure left unresolved ({bench-...} typo) is reported; other braces are not")
    void unresolvedAttributesAreFound() throws IOException {
        write("learn/a.html", "<p>{bench-fanout-ours-undertwo-eps} events/s, curl -w '%{size_header}'</p>");
        List<String> problems = SiteChecks.unresolvedAttributes(site);
        assertEquals(List.of("learn/a.html: unresolved attribute {bench-fanout-ours-undertwo-eps} (not in generated-docs/attributes.adoc; see the site contract)"), problems);
    }

    @Test
    @DisplayName("[KIT-009] remote scripts, stylesheets, fonts and images are reported; plain links to other sites are not")
    void remoteAssetsAreFound() throws IOException {
        write("index.html", "<link rel=\"stylesheet\" href=\"https://fonts.googleapis.com/css?family=x\">"
                + "<script src=\"//cdn.example.com/x.js\"></script><img src=\"http://example.com/a.png\">"
                + "<a href=\"https://html.spec.whatwg.org/\">spec</a><link rel=\"stylesheet\" href=\"assets/site.css\">"
                + "<svg xmlns=\"http://www.w3.org/2000/svg\"></svg>");
        write("assets/site.css", "@import url(\"https://fonts.example.com/f.css\");");
        List<String> problems = SiteChecks.remoteAssets(site);
        assertEquals(4, problems.size(), problems.toString());
        assertTrue(problems.get(0).contains("fonts.googleapis.com"), problems.toString());
        assertTrue(problems.get(1).contains("cdn.example.com"), problems.toString());
        assertTrue(problems.get(2).contains("example.com/a.png"), problems.toString());
        assertTrue(problems.get(3).startsWith("assets/site.css: remote import"), problems.toString());
    }
}
