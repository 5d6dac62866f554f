package dev.ssekit.docs;

import dev.ssekit.spec.Requirements;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The tests that cite requirements: every {@code @DisplayName("[ID,...] ...")} or {@code @Label(...)} on a method in
 * a {@code src/test/java} folder of the repository, the convention SpecSuiteTest checks.
 */
final class TestCitations {

    /** One test method citing requirements. */
    record Citation(String module, String className, String method, String displayName, List<String> ids) {
    }

    private static final Pattern ANNOTATION = Pattern.compile("@(?:DisplayName|Label)\\(\\s*\"((?:[^\"\\\\]|\\\\.)*)\"");
    private static final Pattern METHOD = Pattern.compile("^\\s*(?:(?:public|protected|private|static|final|default|synchronized)\\s+)*[\\w<>\\[\\],.? ]+\\s+(\\w+)\\s*\\(");
    private static final Pattern TYPE = Pattern.compile("\\b(?:class|record|interface|enum)\\s+\\w+");

    private TestCitations() {
    }

    static List<Citation> scan(Path root) {
        List<Path> files = new ArrayList<>();
        try {
            Files.walkFileTree(root, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult preVisitDirectory(Path dir, BasicFileAttributes attrs) {
                    String n = dir.getFileName() == null ? "" : dir.getFileName().toString();
                    if (n.equals("target") || n.equals("node_modules") || n.startsWith(".")) {
                        return dir.equals(root) ? FileVisitResult.CONTINUE : FileVisitResult.SKIP_SUBTREE;
                    }
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) {
                    String p = file.toString().replace('\\', '/');
                    if (p.endsWith(".java") && p.contains("/src/test/java/")) {
                        files.add(file);
                    }
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        files.sort(null);
        List<Citation> out = new ArrayList<>();
        for (Path f : files) {
            String rel = root.relativize(f).toString().replace('\\', '/');
            String module = rel.substring(0, rel.indexOf("/src/test/java/"));
            String className = f.getFileName().toString().replace(".java", "");
            List<String> lines;
            try {
                lines = Files.readAllLines(f, StandardCharsets.UTF_8);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            String pending = null;
            for (String line : lines) {
                Matcher a = ANNOTATION.matcher(line);
                if (a.find()) {
                    pending = unescape(a.group(1));
                    continue;
                }
                if (pending == null || line.trim().startsWith("@") || line.trim().isEmpty() || line.trim().startsWith("//")) {
                    continue;
                }
                if (TYPE.matcher(line).find() && !line.contains("(")) {
                    pending = null; // a class-level display name
                    continue;
                }
                Matcher m = METHOD.matcher(line);
                if (m.find()) {
                    List<String> ids = Requirements.cited(pending);
                    if (!ids.isEmpty()) {
                        out.add(new Citation(module, className, m.group(1), pending, ids));
                    }
                }
                pending = null;
            }
        }
        return out;
    }

    private static String unescape(String s) {
        return s.replace("\\\"", "\"").replace("\\\\", "\\");
    }
}
