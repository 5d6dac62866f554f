package dev.ssekit.docs;

import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import dev.ssekit.spec.Requirement;
import dev.ssekit.spec.Requirements;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/** The built site (docs/target/site), after Asciidoctor and the generator ran: the checks the build fails on. */
class SiteIT {

    static final Path ROOT = Path.of(System.getProperty("sse.root", "..")).toAbsolutePath().normalize();
    static final Path SITE = Path.of(System.getProperty("docs.site", "target/site")).toAbsolutePath().normalize();
    static final Path SOURCES = ROOT.resolve("docs/src/docs/asciidoc");

    private static void report(String what, List<String> problems) {
        if (!problems.isEmpty()) {
            int n = problems.size();
            List<String> shown = problems.subList(0, Math.min(n, 40));
            fail(n + " " + what + ":\n  " + String.join("\n  ", shown) + (n > 40 ? "\n  ... and " + (n - 40) + " more" : ""));
        }
    }

    @Test
    @DisplayName("[KIT-008] every internal href and src in the built site resolves to a file, and every #fragment to an id")
    void noBrokenLinks() {
        assertTrue(Files.isRegularFile(SITE.resolve("index.html")), "no site at " + SITE + ": run the docs build first");
        // one line per missing target, naming the pages that link to it
        java.util.Map<String, List<String>> byTarget = new java.util.TreeMap<>();
        for (String p : SiteChecks.brokenLinks(SITE)) {
            int paren = p.lastIndexOf(" (");
            String page = p.substring(0, p.indexOf(": "));
            byTarget.computeIfAbsent(paren > 0 ? p.substring(paren + 2, p.length() - 1) : p, k -> new ArrayList<>()).add(page);
        }
        List<String> lines = new ArrayList<>();
        byTarget.forEach((t, pages) -> lines.add(t + ", linked from " + pages.size() + " place(s): "
                + String.join(", ", pages.subList(0, Math.min(5, pages.size()))) + (pages.size() > 5 ? ", ..." : "")));
        report("broken internal link targets", lines);
    }

    @Test
    @DisplayName("[KIT-008] every requirement ID in the docs sources and the rendered pages exists in requirements.json")
    void noUnknownRequirementIds() {
        Set<String> known = Requirements.load().all().stream().map(Requirement::id).collect(Collectors.toSet());
        List<Path> files = new ArrayList<>(SiteChecks.files(SOURCES, ".adoc"));
        report("unknown requirement IDs in docs sources", SiteChecks.unknownIds(files, known, ROOT));
        report("unknown requirement IDs in rendered pages", SiteChecks.unknownIds(SiteChecks.files(SITE, ".html"), known, SITE));
    }

    @Test
    @DisplayName("[KIT-008] no rendered page carries an unresolved include")
    void noUnresolvedIncludes() {
        report("unresolved includes", SiteChecks.unresolvedIncludes(SITE));
    }

    @Test
    @DisplayName("[KIT-010] every generated figure a page uses exists (no {bench-...} left in a page)")
    void noUnresolvedGeneratedAttributes() {
        report("unresolved generated attributes", SiteChecks.unresolvedAttributes(SITE));
    }

    @Test
    @DisplayName("[KIT-009] no page loads a script, stylesheet, font or image from the network")
    void worksOffline() {
        report("remote assets", SiteChecks.remoteAssets(SITE));
    }

    @Test
    @DisplayName("[KIT-010] the site has every section page the contract lists, and one page per requirement")
    void hasEveryPage() {
        List<String> missing = new ArrayList<>();
        for (String p : List.of("index.html", "assets/site.css", "reference/requirements/index.html",
                "reference/vectors/index.html", "reference/coverage.html", "reference/contract.html", "compare/index.html",
                "compare/bench.html", "playground/index.html", "zh-CN/index.html")) {
            if (!Files.isRegularFile(SITE.resolve(p))) {
                missing.add(p);
            }
        }
        for (Requirement r : Requirements.load().all()) {
            if (!Files.isRegularFile(SITE.resolve("reference/requirements/" + r.id() + ".html"))) {
                missing.add("reference/requirements/" + r.id() + ".html");
            }
        }
        report("missing pages", missing);
    }
}
