package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.ssekit.bench.load.FrameworkSubjects.Descriptor;
import dev.ssekit.bench.load.FrameworkSubjects.DescriptorException;
import dev.ssekit.bench.load.FrameworkSubjects.Found;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The framework subjects' launch descriptors: what they say, what is wrong with one, and which subjects are found. */
class FrameworkSubjectsTest {

    private static final String MAIN = String.join("\n", "framework=Example", "main=org.example.App", "classpath=target/classes",
            "classpath.file=target/classpath.txt", "host.property=server.address", "port.property=server.port",
            "stream.path=/api/sse?interval=0", "hold.path=/api/sse?interval=3600000", "");
    private static final String JAR = String.join("\n", "jar=target/app.jar", "host.env=HOST", "port.env=PORT",
            "stream.path=/api/sse?interval=0", "hold.path=/api/sse?interval=3600000", "");

    @TempDir
    Path root;

    private Path write(String subject, String text) throws IOException {
        Path dir = Files.createDirectories(root.resolve(subject));
        return Files.writeString(dir.resolve(FrameworkSubjects.FILE), text);
    }

    @Test
    @DisplayName("[KIT-010] a descriptor gives the command line: system properties for host and port, the module's class path, the main class")
    void mainDescriptor() throws IOException {
        Path file = write("example", MAIN);
        Path dir = file.getParent();
        Files.createDirectories(dir.resolve("target/classes"));
        Files.writeString(dir.resolve("target/classpath.txt"), "/m2/a.jar:/m2/b.jar\n");
        Descriptor d = FrameworkSubjects.parse(file);
        assertEquals("example", d.name(), "the folder names the subject");
        assertEquals("Example", d.framework());
        assertEquals(List.of("java", "-Dserver.address=127.0.0.1", "-Dserver.port=4321", "-cp",
                dir.resolve("target/classes") + ":/m2/a.jar:/m2/b.jar", "org.example.App"), d.command("java", "127.0.0.1", 4321));
        assertEquals("/api/sse?interval=3600000", d.holdPath());
        assertNull(d.missing(), "built: its classes and class path file are there");
        Descriptor jar = FrameworkSubjects.parse(write("jarred", JAR));
        assertEquals(List.of("java", "-jar", jar.dir().resolve("target/app.jar").toString()), jar.command("java", "127.0.0.1", 1));
        assertEquals("PORT", jar.portEnv());
    }

    @Test
    @DisplayName("[KIT-010] a descriptor without a required key is refused with the file and the key named")
    void missingKey() throws IOException {
        Path file = write("nohold", MAIN.replace("hold.path=/api/sse?interval=3600000\n", ""));
        DescriptorException e = assertThrows(DescriptorException.class, () -> FrameworkSubjects.parse(file));
        assertTrue(e.getMessage().startsWith(file.toString() + ": hold.path: missing"), e.getMessage());
        Path noPort = write("noport", MAIN.replace("port.property=server.port\n", ""));
        e = assertThrows(DescriptorException.class, () -> FrameworkSubjects.parse(noPort));
        assertTrue(e.getMessage().startsWith(noPort + ": port.property: missing"), e.getMessage());
    }

    @Test
    @DisplayName("[KIT-010] a port property that is no property name (a -D prefix, a value) is refused with the file and the key named")
    void badPortProperty() throws IOException {
        for (String bad : new String[] {"-Dserver.port", "server.port=8080", "server port"}) {
            Path file = write("badport", MAIN.replace("port.property=server.port", "port.property=" + bad));
            DescriptorException e = assertThrows(DescriptorException.class, () -> FrameworkSubjects.parse(file), bad);
            assertTrue(e.getMessage().startsWith(file + ": port.property: '"), e.getMessage());
        }
        Path typo = write("typo", MAIN.replace("port.property=", "port.propety="));
        DescriptorException e = assertThrows(DescriptorException.class, () -> FrameworkSubjects.parse(typo));
        assertTrue(e.getMessage().startsWith(typo + ": port.propety: unknown key"), e.getMessage());
    }

    @Test
    @DisplayName("[KIT-010] a main that binds loopback itself says host.fixed=127.0.0.1; any other fixed host is refused, naming the key")
    void fixedHostIsLoopbackOnly() throws IOException {
        String fixed = MAIN.replace("host.property=server.address", "host.fixed=127.0.0.1")
                .replace("port.property=server.port", "args={port}");
        assertNotNull(FrameworkSubjects.parse(write("fixed", fixed)));
        Path open = write("open", fixed.replace("host.fixed=127.0.0.1", "host.fixed=0.0.0.0"));
        DescriptorException e = assertThrows(DescriptorException.class, () -> FrameworkSubjects.parse(open));
        assertTrue(e.getMessage().startsWith(open + ": host.fixed: '0.0.0.0'"), e.getMessage());
        Path none = write("none", fixed.replace("host.fixed=127.0.0.1\n", ""));
        e = assertThrows(DescriptorException.class, () -> FrameworkSubjects.parse(none));
        assertTrue(e.getMessage().startsWith(none + ": host.property: missing"), e.getMessage());
    }

    @Test
    @DisplayName("[KIT-010] discovery lists every descriptor: a subject not built, or with a bad descriptor, is not-run with the reason")
    void discovery() throws IOException {
        Path built = write("built", JAR).getParent();
        Files.createDirectories(built.resolve("target"));
        Files.writeString(built.resolve("target/app.jar"), "");
        write("unbuilt", MAIN);
        write("broken", JAR.replace("stream.path=/api/sse?interval=0\n", ""));
        Files.createDirectories(root.resolve("no-descriptor"));
        List<Found> found = FrameworkSubjects.discover(root);
        assertEquals(List.of("broken", "built", "unbuilt"), found.stream().map(Found::name).toList(),
                "every descriptor, by folder; a folder without one is no framework subject");
        assertTrue(found.get(0).notRun().startsWith("bad descriptor: ") && found.get(0).notRun().contains("stream.path"),
                found.get(0).notRun());
        assertNotNull(found.get(1).descriptor());
        assertNull(found.get(1).notRun());
        assertNull(found.get(2).descriptor());
        assertTrue(found.get(2).notRun().startsWith("not built: " + root.resolve("unbuilt/target/classes") + " is missing"),
                found.get(2).notRun());
    }

    @Test
    @DisplayName("[KIT-010] a subject not built is written to frameworks.json as not-run with the reason, and no child is started")
    void notBuiltIsNotRun() throws Exception {
        write("unbuilt", MAIN);
        Found f = FrameworkSubjects.discover(root).get(0);
        BenchResults.SubjectResult r = BenchRunner.notBuilt(f);
        assertEquals(new BenchResults.NotRun(f.notRun()), r);
    }

    @Test
    @DisplayName("[KIT-010] the repository's own descriptors parse")
    void repositoryDescriptors() throws IOException {
        Path subjects = BenchRunner.findSubjects();
        assertNotNull(subjects, "run from the repository or a module folder");
        List<Found> found = FrameworkSubjects.discover(subjects);
        for (Found f : found) {
            assertTrue(f.notRun() == null || f.notRun().startsWith("not built: "), f.name() + ": " + f.notRun());
        }
        assertTrue(found.stream().map(Found::name).toList().containsAll(List.of("micronaut", "quarkus")), found.toString());
    }
}
