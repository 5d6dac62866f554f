package dev.ssekit.server.vertx;

import dev.ssekit.protocol.OutgoingEvent;
import dev.ssekit.server.SseCore;
import io.netty.util.internal.logging.InternalLoggerFactory;
import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.CodeSource;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TimeZone;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.stream.Stream;

/**
 * Loads at start what the accept and error paths need (API-034): when the process is out of file descriptors,
 * whatever is first loaded or initialised then may need a descriptor and fail, and a class whose loading or
 * initialisation failed stays broken. Two things are done here once:
 * <ul>
 *   <li>a log record is formatted, without publishing it, through every handler of the root logger: that reads the
 *       time zone ({@code tzdb.dat}, the system zone), the level names and prints a stack trace; and the loggers of
 *       Netty, Vert.x and the core are created;</li>
 *   <li>every class of the kit ({@code dev.ssekit}: this adapter, the core, the protocol) that sits in a directory
 *       (a build's {@code target/classes}) is loaded: such a class is read from a file of its own, which needs a
 *       descriptor (run that way, the first connection accepted out of descriptors failed to load this adapter's
 *       classes). A class in a jar is read through the jar the class loader keeps open.</li>
 * </ul>
 */
final class ErrorPaths {

    private ErrorPaths() {
    }

    static void prepare() {
        prepareLogging();
        Set<Object> seen = new HashSet<>();
        for (Class<?> c : List.of(VertxSseServer.class, SseCore.class, OutgoingEvent.class)) {
            CodeSource source = c.getProtectionDomain().getCodeSource();
            if (source != null && source.getLocation() != null && seen.add(source.getLocation().toString())) {
                loadKitClasses(c, source);
            }
        }
    }

    private static void prepareLogging() {
        TimeZone.getDefault();
        ZonedDateTime.now(ZoneId.systemDefault());
        // The loggers of Netty (JDK logging here), Vert.x and the core (System.Logger), created now, not on first use.
        InternalLoggerFactory.getInstance(ErrorPaths.class).isWarnEnabled();
        io.vertx.core.internal.logging.LoggerFactory.getLogger(ErrorPaths.class).isDebugEnabled();
        System.getLogger(SseCore.class.getName()).isLoggable(System.Logger.Level.ERROR);
        // Formatting a record with a stack trace, through every handler the root logger has, publishes nothing.
        LogRecord record = new LogRecord(Level.WARNING, "prepared {0}");
        record.setParameters(new Object[] {"at start"});
        record.setLoggerName(ErrorPaths.class.getName());
        record.setThrown(new IOException("Too many open files"));
        for (Handler h : Logger.getLogger("").getHandlers()) {
            Formatter f = h.getFormatter();
            if (f != null) {
                f.format(record);
            }
        }
    }

    /** Loads (without initialising) every class under {@code dev/ssekit/} of the directory {@code c} came from. */
    private static void loadKitClasses(Class<?> c, CodeSource source) {
        List<String> names = new ArrayList<>();
        try {
            Path where = Path.of(source.getLocation().toURI());
            if (Files.isDirectory(where)) {
                Path kit = where.resolve("dev/ssekit");
                if (Files.isDirectory(kit)) {
                    try (Stream<Path> files = Files.walk(kit)) {
                        files.map(where::relativize).map(Path::toString).forEach(names::add);
                    }
                }
            }
            // A jar needs nothing: its classes are read through the jar the class loader keeps open.
        } catch (IOException | URISyntaxException | RuntimeException e) {
            return; // nothing to load from: the classes come as they are used
        }
        ClassLoader loader = c.getClassLoader();
        for (String n : names) {
            if (n.endsWith(".class") && !n.endsWith("module-info.class")) {
                String name = n.substring(0, n.length() - ".class".length()).replace('/', '.').replace('\\', '.');
                try {
                    Class.forName(name, false, loader);
                } catch (ClassNotFoundException | LinkageError e) {
                    // Not loadable here (an optional dependency missing): it is not on any path of this server.
                }
            }
        }
    }
}
