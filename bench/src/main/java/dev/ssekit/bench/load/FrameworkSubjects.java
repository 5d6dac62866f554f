package dev.ssekit.bench.load;

import java.io.File;
import java.io.IOException;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The JVM framework subjects the bench can start: every {@code subjects/<x>/bench-subject.properties}. The descriptor
 * lives in the subject's module, so adding a subject needs nothing here (bench/README.md, "Framework subjects", lists
 * the keys). A subject whose module is not built, or whose descriptor is wrong, is still listed, with the reason.
 */
public final class FrameworkSubjects {

    /** The descriptor's file name in a subject's folder. */
    public static final String FILE = "bench-subject.properties";

    private static final Set<String> KEYS = Set.of("name", "framework", "jar", "main", "classpath", "classpath.file",
            "host.property", "port.property", "host.env", "port.env", "jvm.args", "args", "stream.path", "hold.path",
            "hold.established", "start.seconds", "host.fixed");
    private static final Pattern PROPERTY = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]*");
    private static final Pattern ENV = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");
    private static final Pattern NAME = Pattern.compile("[a-z0-9][a-z0-9.-]*");

    private FrameworkSubjects() {
    }

    /** A descriptor that cannot be used: the message names the file and the key. */
    public static final class DescriptorException extends IllegalArgumentException {
        private static final long serialVersionUID = 1L;

        DescriptorException(Path file, String key, String problem) {
            super(file + ": " + key + ": " + problem);
        }
    }

    /**
     * How to start one subject as a child JVM on 127.0.0.1 and a given port. Paths are absolute (resolved against the
     * descriptor's folder). Either {@code jar} or {@code mainClass} with its {@code classpath} (plus the entries of
     * {@code classpathFile}, the module's runtime class path as maven-dependency-plugin writes it) is set. Host and
     * port are passed as system properties ({@code -Dname=value}), environment variables, or {@code {host}} and
     * {@code {port}} in {@code jvmArgs} or {@code args}. {@code holdOnRequest}: a held stream counts once its request
     * is written, not when its response head arrives (for a framework that sends no head before the first event).
     */
    public record Descriptor(Path file, Path dir, String name, String framework, Path jar, String mainClass,
            List<Path> classpath, Path classpathFile, String hostProperty, String portProperty, String hostEnv,
            String portEnv, List<String> jvmArgs, List<String> args, String streamPath, String holdPath,
            boolean holdOnRequest, int startSeconds) {

        /** Null when the module's build output is there; otherwise what is missing and how to build it. */
        public String missing() {
            List<Path> need = new ArrayList<>();
            if (jar != null) {
                need.add(jar);
            } else {
                need.addAll(classpath);
                if (classpathFile != null) {
                    need.add(classpathFile);
                }
            }
            for (Path p : need) {
                if (!Files.exists(p)) {
                    return "not built: " + p + " is missing (./mvnw -B -ntp -pl subjects/" + dir.getFileName()
                            + " -am package -DskipTests)";
                }
            }
            return null;
        }

        /** The class path: {@code classpath}, then the entries of {@code classpathFile}. */
        List<String> classPathEntries() throws IOException {
            List<String> out = new ArrayList<>();
            classpath.forEach(p -> out.add(p.toString()));
            if (classpathFile != null) {
                for (String e : Files.readString(classpathFile).trim().split(File.pathSeparator)) {
                    if (!e.isBlank()) {
                        out.add(e.trim());
                    }
                }
            }
            return out;
        }

        /** The command line: java, the JVM arguments and system properties, the jar or class, the arguments. */
        List<String> command(String java, String host, int port) throws IOException {
            List<String> cmd = new ArrayList<>();
            cmd.add(java);
            jvmArgs.forEach(a -> cmd.add(fill(a, host, port)));
            if (hostProperty != null) {
                cmd.add("-D" + hostProperty + "=" + host);
            }
            if (portProperty != null) {
                cmd.add("-D" + portProperty + "=" + port);
            }
            if (jar != null) {
                cmd.add("-jar");
                cmd.add(jar.toString());
            } else {
                cmd.add("-cp");
                cmd.add(String.join(File.pathSeparator, classPathEntries()));
                cmd.add(mainClass);
            }
            args.forEach(a -> cmd.add(fill(a, host, port)));
            return cmd;
        }

        private static String fill(String arg, String host, int port) {
            return arg.replace("{host}", host).replace("{port}", Integer.toString(port));
        }
    }

    /** One subject found: its descriptor, or null with the reason it cannot run ({@code notRun}). */
    public record Found(String name, Descriptor descriptor, String notRun) {
    }

    /**
     * Every {@code <subjectsDir>/<x>/bench-subject.properties}, by folder name. A descriptor that does not parse or
     * whose module is not built is returned with the reason in {@link Found#notRun()}, never left out.
     */
    public static List<Found> discover(Path subjectsDir) throws IOException {
        List<Found> out = new ArrayList<>();
        if (!Files.isDirectory(subjectsDir)) {
            return out;
        }
        List<Path> dirs;
        try (Stream<Path> s = Files.list(subjectsDir)) {
            dirs = s.filter(d -> Files.isRegularFile(d.resolve(FILE))).sorted().toList();
        }
        for (Path d : dirs) {
            String folder = d.getFileName().toString();
            try {
                Descriptor desc = parse(d.resolve(FILE));
                String missing = desc.missing();
                out.add(new Found(desc.name(), missing == null ? desc : null, missing));
            } catch (DescriptorException e) {
                out.add(new Found(folder, null, "bad descriptor: " + e.getMessage()));
            }
        }
        return out;
    }

    /** Reads and checks one descriptor; every problem names the file and the key. */
    public static Descriptor parse(Path file) throws IOException {
        Properties p = new Properties();
        try (Reader r = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            p.load(r);
        }
        for (String k : p.stringPropertyNames()) {
            if (!KEYS.contains(k)) {
                throw new DescriptorException(file, k, "unknown key (known: " + String.join(", ", KEYS.stream().sorted().toList()) + ")");
            }
        }
        Path dir = file.toAbsolutePath().normalize().getParent();
        String name = value(p, "name");
        if (name == null) {
            name = dir.getFileName().toString();
        }
        if (!NAME.matcher(name).matches()) {
            throw new DescriptorException(file, "name", "'" + name + "' is not a subject name (lower-case letters, digits, '.', '-')");
        }
        String jar = value(p, "jar");
        String main = value(p, "main");
        if ((jar == null) == (main == null)) {
            throw new DescriptorException(file, jar == null ? "main" : "jar",
                    "give exactly one of jar (a runnable jar) and main (a class, with classpath)");
        }
        List<Path> cp = new ArrayList<>();
        Path cpFile = null;
        if (main != null) {
            String c = value(p, "classpath");
            if (c == null) {
                throw new DescriptorException(file, "classpath", "missing: main needs the module's classes (e.g. target/classes)");
            }
            for (String e : c.split(":")) {
                cp.add(dir.resolve(e.trim()).normalize());
            }
            String f = value(p, "classpath.file");
            cpFile = f == null ? null : dir.resolve(f).normalize();
        } else if (p.getProperty("classpath") != null || p.getProperty("classpath.file") != null) {
            throw new DescriptorException(file, p.getProperty("classpath") != null ? "classpath" : "classpath.file",
                    "only with main: a jar carries its own class path");
        }
        List<String> jvmArgs = words(value(p, "jvm.args"));
        List<String> args = words(value(p, "args"));
        String hostProperty = name(file, p, "host.property", PROPERTY, "a system property name, without -D");
        String portProperty = name(file, p, "port.property", PROPERTY, "a system property name, without -D");
        String hostEnv = name(file, p, "host.env", ENV, "an environment variable name");
        String portEnv = name(file, p, "port.env", ENV, "an environment variable name");
        boolean portInArgs = Stream.concat(jvmArgs.stream(), args.stream()).anyMatch(a -> a.contains("{port}"));
        boolean hostInArgs = Stream.concat(jvmArgs.stream(), args.stream()).anyMatch(a -> a.contains("{host}"));
        if (portProperty == null && portEnv == null && !portInArgs) {
            throw new DescriptorException(file, "port.property",
                    "missing: say how the app takes its port (port.property, port.env, or {port} in args or jvm.args)");
        }
        // an app whose main binds loopback itself says so; any other fixed host would leave the machine open
        String fixed = value(p, "host.fixed");
        if (fixed != null && !fixed.equals("127.0.0.1")) {
            throw new DescriptorException(file, "host.fixed", "'" + fixed + "' is not 127.0.0.1, the only host the bench uses");
        }
        if (hostProperty == null && hostEnv == null && !hostInArgs && fixed == null) {
            throw new DescriptorException(file, "host.property",
                    "missing: say how the app takes its host, so it listens on 127.0.0.1 only (host.property, host.env, {host} in args"
                            + " or jvm.args, or host.fixed=127.0.0.1 when its main binds loopback itself)");
        }
        // "request": the framework holds the response head back until the first event, which an idle stream never sends
        String established = value(p, "hold.established");
        if (established != null && !established.equals("head") && !established.equals("request")) {
            throw new DescriptorException(file, "hold.established", "'" + established + "' is neither head nor request");
        }
        String startSeconds = value(p, "start.seconds");
        int start = 60;
        if (startSeconds != null) {
            try {
                start = Integer.parseInt(startSeconds);
            } catch (NumberFormatException e) {
                start = 0;
            }
            if (start <= 0) {
                throw new DescriptorException(file, "start.seconds", "'" + startSeconds + "' is not a positive whole number");
            }
        }
        return new Descriptor(file.toAbsolutePath().normalize(), dir, name, value(p, "framework"),
                jar == null ? null : dir.resolve(jar).normalize(), main, List.copyOf(cp), cpFile, hostProperty, portProperty,
                hostEnv, portEnv, jvmArgs, args, path(file, p, "stream.path"), path(file, p, "hold.path"),
                "request".equals(established), start);
    }

    /** A value, trimmed; null when absent or blank. */
    private static String value(Properties p, String key) {
        String v = p.getProperty(key);
        return v == null || v.isBlank() ? null : v.trim();
    }

    private static List<String> words(String v) {
        return v == null ? List.of() : List.copyOf(Arrays.asList(v.split("\\s+")));
    }

    private static String name(Path file, Properties p, String key, Pattern form, String what) {
        String raw = p.getProperty(key);
        if (raw == null) {
            return null;
        }
        String v = raw.trim();
        if (!form.matcher(v).matches()) {
            throw new DescriptorException(file, key, "'" + raw + "' is not " + what);
        }
        return v;
    }

    private static String path(Path file, Properties p, String key) {
        String v = value(p, key);
        if (v == null) {
            throw new DescriptorException(file, key, "missing: the request path, e.g. /api/sse?interval=0");
        }
        if (!v.startsWith("/") || v.chars().anyMatch(c -> c <= ' ' || c >= 0x7f)) {
            throw new DescriptorException(file, key, "'" + v + "' is not a request path (it starts with / and has no spaces)");
        }
        return v;
    }
}
