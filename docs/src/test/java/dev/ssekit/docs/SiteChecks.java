package dev.ssekit.docs;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The checks the docs build fails on (KIT-008, KIT-009). Each returns the problems found, one readable line each
 * (file, what, why); an empty list means the check passed.
 */
final class SiteChecks {

    static final Pattern REQ_ID = Pattern.compile("\\b(PARSE|PROC|CORS|AUTH|API|ENC|KIT)-\\d{3}\\b");
    private static final Pattern REF = Pattern.compile("\\b(href|src)\\s*=\\s*(\"([^\"]*)\"|'([^']*)')", Pattern.CASE_INSENSITIVE);
    private static final Pattern ID_ATTR = Pattern.compile("\\b(?:id|name)\\s*=\\s*(?:\"([^\"]*)\"|'([^']*)')");
    private static final Pattern TAG = Pattern.compile("<(script|link|img|iframe|source|video|audio)\\b[^>]*>", Pattern.CASE_INSENSITIVE);
    private static final Pattern REMOTE = Pattern.compile("\\b(?:src|href)\\s*=\\s*[\"']?\\s*(?:https?:)?//", Pattern.CASE_INSENSITIVE);
    private static final Pattern CSS_REMOTE = Pattern.compile("(?:@import\\s+(?:url\\()?|url\\()\\s*[\"']?\\s*(?:https?:)?//", Pattern.CASE_INSENSITIVE);
    private static final Pattern SCHEME = Pattern.compile("^[a-zA-Z][a-zA-Z0-9+.-]*:");

    private SiteChecks() {
    }

    static List<Path> files(Path dir, String... suffixes) {
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (Stream<Path> s = Files.walk(dir)) {
            return s.filter(Files::isRegularFile).filter(p -> {
                String n = p.getFileName().toString();
                for (String suf : suffixes) {
                    if (n.endsWith(suf)) {
                        return true;
                    }
                }
                return false;
            }).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static String read(Path f) {
        try {
            return Files.readString(f, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + f + ": " + e.getMessage(), e);
        }
    }

    /** Every relative href/src in every HTML file names an existing file, and its #fragment an existing id. */
    static List<String> brokenLinks(Path site) {
        List<String> problems = new ArrayList<>();
        Map<Path, Set<String>> ids = new HashMap<>();
        for (Path page : files(site, ".html")) {
            String html = read(page);
            Matcher m = REF.matcher(html);
            while (m.find()) {
                String raw = m.group(3) != null ? m.group(3) : m.group(4);
                String ref = raw.replace("&amp;", "&").trim();
                if (ref.isEmpty() || SCHEME.matcher(ref).find() || ref.startsWith("//")) {
                    continue; // external (checked for assets by remoteAssets), mailto:, data:, javascript:
                }
                String fragment = null;
                int hash = ref.indexOf('#');
                if (hash >= 0) {
                    fragment = URLDecoder.decode(ref.substring(hash + 1), StandardCharsets.UTF_8);
                    ref = ref.substring(0, hash);
                }
                int q = ref.indexOf('?');
                if (q >= 0) {
                    ref = ref.substring(0, q);
                }
                Path target;
                if (ref.isEmpty()) {
                    target = page;
                } else if (ref.startsWith("/")) {
                    problems.add(rel(site, page) + ": " + raw + " is root-absolute; the site is served under /docs/ and from file://, use a relative link");
                    continue;
                } else {
                    target = page.getParent().resolve(URLDecoder.decode(ref, StandardCharsets.UTF_8)).normalize();
                    if (Files.isDirectory(target)) {
                        target = target.resolve("index.html");
                    }
                }
                if (!target.startsWith(site)) {
                    problems.add(rel(site, page) + ": " + raw + " points outside the site");
                    continue;
                }
                if (!Files.isRegularFile(target)) {
                    problems.add(rel(site, page) + ": broken link " + raw + " (no file " + rel(site, target) + ")");
                    continue;
                }
                if (fragment != null && !fragment.isEmpty() && target.toString().endsWith(".html")) {
                    Set<String> known = ids.computeIfAbsent(target, SiteChecks::ids);
                    if (!known.contains(fragment)) {
                        problems.add(rel(site, page) + ": broken anchor " + raw + " (no id \"" + fragment + "\" in " + rel(site, target) + ")");
                    }
                }
            }
        }
        return problems;
    }

    private static Set<String> ids(Path html) {
        Set<String> out = new HashSet<>();
        Matcher m = ID_ATTR.matcher(read(html));
        while (m.find()) {
            String v = m.group(1) != null ? m.group(1) : m.group(2);
            out.add(v.replace("&amp;", "&").replace("&#x2F;", "/").replace("&#x3D;", "="));
        }
        return out;
    }

    /** Every requirement-ID-shaped token in the given files exists in requirements.json. */
    static List<String> unknownIds(List<Path> files, Set<String> known, Path base) {
        List<String> problems = new ArrayList<>();
        for (Path f : files) {
            String[] lines = read(f).split("\n", -1);
            for (int i = 0; i < lines.length; i++) {
                Matcher m = REQ_ID.matcher(lines[i]);
                while (m.find()) {
                    if (!known.contains(m.group())) {
                        problems.add(rel(base, f) + ":" + (i + 1) + ": unknown requirement ID " + m.group()
                                + " (not in spec/requirements.json)");
                    }
                }
            }
        }
        return problems;
    }

    /** No page loads a script, stylesheet, font or image from the network; no stylesheet imports one. */
    static List<String> remoteAssets(Path site) {
        List<String> problems = new ArrayList<>();
        for (Path page : files(site, ".html")) {
            Matcher t = TAG.matcher(read(page));
            while (t.find()) {
                String tag = t.group();
                boolean anchorLike = t.group(1).equalsIgnoreCase("link") && !tag.toLowerCase().contains("stylesheet")
                        && !tag.toLowerCase().contains("preload") && !tag.toLowerCase().contains("icon");
                if (!anchorLike && REMOTE.matcher(tag).find()) {
                    problems.add(rel(site, page) + ": remote asset " + tag + " (the site must work offline: bundle it)");
                }
            }
        }
        for (Path css : files(site, ".css")) {
            Matcher m = CSS_REMOTE.matcher(read(css));
            if (m.find()) {
                problems.add(rel(site, css) + ": remote import or url() " + m.group() + " (the site must work offline)");
            }
        }
        return problems;
    }

    /** Asciidoctor leaves "Unresolved directive" in the page when an include is missing (backs up failIf). */
    static List<String> unresolvedIncludes(Path site) {
        List<String> problems = new ArrayList<>();
        for (Path page : files(site, ".html")) {
            String html = read(page);
            int at = html.indexOf("Unresolved directive in");
            if (at >= 0) {
                int end = html.indexOf('\n', at);
                problems.add(rel(site, page) + ": missing include: " + html.substring(at, end < 0 ? html.length() : end));
            }
        }
        return problems;
    }

    private static final Pattern GENERATED_ATTR = Pattern.compile("\\{(?:bench|parser|check|req|vectors)-[a-z0-9-]+\\}");

    /** A generated attribute left as {name} in a page: a typo, or a figure the generator does not write. */
    static List<String> unresolvedAttributes(Path site) {
        List<String> problems = new ArrayList<>();
        for (Path page : files(site, ".html")) {
            Matcher m = GENERATED_ATTR.matcher(read(page));
            while (m.find()) {
                problems.add(rel(site, page) + ": unresolved attribute " + m.group()
                        + " (not in generated-docs/attributes.adoc; see the site contract)");
            }
        }
        return problems;
    }

    private static String rel(Path base, Path p) {
        return base.relativize(p).toString().replace('\\', '/');
    }
}
