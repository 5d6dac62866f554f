package dev.ssekit.bench.load;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertInstanceOf;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.ssekit.bench.load.FrameworkSubjects.Descriptor;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.io.TempDir;

/**
 * One real framework subject (Micronaut, the smallest) launched through its descriptor, as the frameworks mode does:
 * its heap read in the child, a tiny stream and hold, and nothing left running. Assumed away (not-run) when the
 * subject is not built; the reactor builds subjects before bench, so {@code ./mvnw verify} runs it.
 */
class ChildJvmSubjectTest {

    @TempDir
    Path logs;

    @Test
    @DisplayName("[KIT-010] micronaut from its descriptor: a child JVM on 127.0.0.1, its heap and RSS, a tiny stream and hold, gone after close")
    @Timeout(180)
    void micronautThroughItsDescriptor() throws Exception {
        Path subjects = BenchRunner.findSubjects();
        Path file = subjects == null ? null : subjects.resolve("micronaut").resolve(FrameworkSubjects.FILE);
        assumeTrue(file != null && Files.isRegularFile(file), "no subjects/micronaut here");
        Descriptor d = FrameworkSubjects.parse(file);
        assumeTrue(d.missing() == null, d::missing);
        ChildJvmSubject s = ChildJvmSubject.start(d, logs);
        long pid = s.pid();
        try (s) {
            assertTrue(s.alive());
            assertTrue(s.baseUrl().startsWith("http://127.0.0.1:"));
            assertTrue(pid != ProcessHandle.current().pid());
            long heap = s.heapUsedAfterGc();
            assertTrue(heap > 0, "the child's heap over JMX: " + heap + "; log " + s.log());
            assertTrue(s.rssBytes() > 0 && s.serverFds() > 0 && s.serverMaxFds() > 0, "the child's /proc");

            BenchResults.StreamResult stream = assertInstanceOf(BenchResults.StreamResult.class, Scenarios.stream(s, 2, 1_000));
            assertEquals("/api/sse?interval=0", stream.path());
            assertTrue(stream.streamsCompleted() > 0 && stream.streamsFailed() == 0, stream.toString());
            // five events per document: the newline piece is lost (subjects/micronaut/README.md)
            assertTrue(stream.events() >= 5L * stream.streamsCompleted(), stream.toString());

            BenchResults.HoldResult hold = assertInstanceOf(BenchResults.HoldResult.class,
                    Scenarios.hold(s, Scenarios.Clients.IN_PROCESS, 50, d.holdPath()));
            assertNull(hold.stoppedBy(), hold.toString());
            assertEquals(50, hold.streams());
            assertTrue(hold.heapBaselineBytes() > 0 && hold.serverFdsWithStreams() - hold.serverFdsBefore() >= 48,
                    "the child holds a descriptor per stream: " + hold);
            assertEquals("/api/sse?interval=3600000", hold.path());

            BenchResults.NotApplicable churn = assertInstanceOf(BenchResults.NotApplicable.class, Scenarios.churn(s, 10, 100));
            assertEquals(ChildJvmSubject.ONLY_STREAM_AND_HOLD, churn.reason());
        }
        assertFalse(s.alive());
        assertFalse(ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false), "the child is gone");
    }
}
