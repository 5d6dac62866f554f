package dev.ssekit.spec;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Reads the test sources of every module and finds, for each test method, the requirement IDs its display name
 * cites. The spec module's own checks are exempt: they test the suite, not the protocol.
 */
record TestCitations(Map<String, String> cited, List<String> problems, int testMethods) {

    private static final Pattern TEST = Pattern.compile(
            "^\\s*@(Test|TestFactory|ParameterizedTest|RepeatedTest|TestTemplate|Property|Example)\\b");
    private static final Pattern NAME = Pattern.compile("@(DisplayName|Label)\\(\\s*\"(.*?)\"");
    private static final Pattern DECLARATION = Pattern.compile("^\\s*(public |protected |private |static |final )*[\\w<>\\[\\], ?]+\\s+\\w+\\s*\\(");

    static TestCitations scan(Path root) throws IOException {
        Map<String, String> cited = new TreeMap<>();
        List<String> problems = new ArrayList<>();
        int methods = 0;
        List<Path> sources;
        try (Stream<Path> s = Files.walk(root)) {
            sources = s.filter(p -> p.toString().endsWith(".java"))
                    .filter(p -> {
                        String rel = root.relativize(p).toString().replace('\\', '/');
                        return (rel.contains("/src/test/java/") || rel.contains("/src/it/java/"))
                                && !rel.contains("/target/") && !rel.contains("node_modules")
                                && !rel.startsWith("spec/");
                    })
                    .sorted().toList();
        }
        for (Path file : sources) {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                if (!TEST.matcher(lines.get(i)).find()) {
                    continue;
                }
                methods++;
                // The annotation block: contiguous annotation lines above, and lines below up to the declaration.
                StringBuilder block = new StringBuilder();
                for (int j = i - 1; j >= 0 && j >= i - 8 && lines.get(j).trim().startsWith("@"); j--) {
                    block.append(lines.get(j)).append('\n');
                }
                for (int j = i; j < lines.size() && j < i + 8; j++) {
                    block.append(lines.get(j)).append('\n');
                    if (j > i && DECLARATION.matcher(lines.get(j)).find() && !lines.get(j).trim().startsWith("@")) {
                        break;
                    }
                }
                String where = root.relativize(file) + ":" + (i + 1);
                Matcher m = NAME.matcher(block);
                if (!m.find()) {
                    problems.add(where + ": test has no @DisplayName/@Label starting with [REQ-ID]");
                    continue;
                }
                List<String> ids = Requirements.cited(m.group(2));
                if (ids.isEmpty()) {
                    problems.add(where + ": display name \"" + m.group(2) + "\" does not start with [REQ-ID]");
                }
                for (String id : ids) {
                    cited.putIfAbsent(id, where);
                }
            }
        }
        return new TestCitations(cited, problems, methods);
    }
}
